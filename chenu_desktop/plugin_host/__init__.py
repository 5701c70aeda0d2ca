"""The plugin host: hookspecs, contribution specs, loading and isolation of plugins. No Qt."""

from chenu_desktop.plugin_host.manager import DEFAULT_BUILTINS, ENTRY_POINT_GROUP, PluginHost, PluginInfo

__all__ = ["DEFAULT_BUILTINS", "ENTRY_POINT_GROUP", "PluginHost", "PluginInfo"]
