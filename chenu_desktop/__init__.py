"""CHE·NU Desktop, and the public surface for plugin authors.

A plugin needs only what is exported here: `hookimpl` to mark its hook
implementations, the spec classes it returns, and `PLUGIN_API`, the version of
the hook contract. Importing this package stays light: no Qt, no SQLAlchemy.
"""

__version__ = "0.1.0"

from chenu_desktop.domain.agents import AgentLevel  # noqa: E402
from chenu_desktop.plugin_host.hookspecs import PLUGIN_API, hookimpl  # noqa: E402
from chenu_desktop.plugin_host.specs import (  # noqa: E402
    ActionSpec,
    AgentSpec,
    NovaProviderSpec,
    NovaSkillSpec,
    PageSpec,
    PanelSpec,
    SettingSpec,
    SphereSpec,
    XrBuilderSpec,
)

__all__ = [
    "PLUGIN_API",
    "ActionSpec",
    "AgentLevel",
    "AgentSpec",
    "NovaProviderSpec",
    "NovaSkillSpec",
    "PageSpec",
    "PanelSpec",
    "SettingSpec",
    "SphereSpec",
    "XrBuilderSpec",
    "__version__",
    "hookimpl",
]
