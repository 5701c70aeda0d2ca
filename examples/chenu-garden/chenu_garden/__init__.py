"""CHE·NU Garden: a sphere for the plants you look after, its greenhouse, and a journal of the garden.

This module is the plugin: CHE·NU finds it through the `chenu.plugins` entry
point and calls the hooks below. Heavy imports (Qt) wait inside the factories.
"""

from __future__ import annotations

from chenu_desktop import (
    PLUGIN_API,
    ActionSpec,
    AgentLevel,
    AgentSpec,
    CommandSpec,
    PageSpec,
    PanelSpec,
    SettingSpec,
    SphereSpec,
    XrBuilderSpec,
    hookimpl,
)

from . import journal
from .commands import garden_arguments, run_garden
from .greenhouse import TEMPLATE, greenhouse
from .skills import plan_season

REQUIRES_PLUGIN_API = 2
"""Data events, commands, settings, skills and XR templates of its own came with PLUGIN_API 2."""
assert PLUGIN_API >= REQUIRES_PLUGIN_API

# -- what the garden adds ----------------------------------------------------


@hookimpl
def register_spheres():
    return [
        SphereSpec(
            id="garden",
            name="Garden",
            name_fr="Jardin",
            icon="🌱",
            colour="#65A30D",
            order=10,
            xr_template=TEMPLATE,
            description="Beds, seeds, seasons and the work they ask for.",
        )
    ]


@hookimpl
def register_xr_builders():
    return [XrBuilderSpec(id="garden.greenhouse", template=TEMPLATE, factory=greenhouse,
                          description="A greenhouse: the bench in the middle, the beds along the side.")]


@hookimpl
def register_agents():
    return [
        AgentSpec(
            id="garden.director",
            name="Head Gardener",
            name_fr="Jardinier en chef",
            level=AgentLevel.L1,
            domain="gardening",
            sphere_id="garden",
            description="Plans the garden's seasons and proposes what to sow, tend and harvest next.",
            capabilities=("plan_season", "suggest_next_tasks", "summarise_thread"),
            base_cost=30,
            skill=plan_season,
        ),
        AgentSpec(
            id="garden.watering_scheduler",
            name="Watering Scheduler",
            name_fr="Planificateur d'arrosage",
            level=AgentLevel.L3,
            domain="watering",
            sphere_id="garden",
            description="Drafts a watering schedule from the plants and the weather you note.",
            capabilities=("draft_watering_schedule", "draft_reminder"),
            base_cost=10,
            # no skill of its own: it lists the to-dos of the notes, as its capabilities say (CapabilitySkill)
        ),
    ]


@hookimpl
def register_settings():
    return [
        SettingSpec(
            key="garden.frost_alerts",
            label="Frost alerts",
            type=bool,
            default=True,
            description="Note in the journal when a garden thread mentions frost.",
        ),
        SettingSpec(key="garden.journal_size", label="Journal entries shown", type=int, default=20),
    ]


@hookimpl
def register_commands():
    return [CommandSpec(name="garden", help="the garden: plant, and read its journal", handler=run_garden,
                        add_arguments=garden_arguments)]


# -- the window --------------------------------------------------------------


def journal_page(context):
    from PySide6.QtWidgets import QLabel

    lines = [entry["text"] for entry in journal.read(context.data_dir)[-context.settings.get("garden.journal_size"):]]
    page = QLabel("\n".join(lines) or "The garden journal is empty.")
    page.setObjectName("garden-journal")
    return page


def season_panel(context):
    from PySide6.QtWidgets import QLabel

    panel = QLabel(f"{len(journal.read(context.data_dir))} entries in the garden journal")
    panel.setObjectName("garden-season")
    return panel


def note_the_weather(context):
    journal.write(context.data_dir, "weather", "The gardener looked at the sky.")
    context.notice.emit("Noted in the garden journal.", "info")


@hookimpl
def register_pages():
    return [PageSpec(id="garden.journal", path="/garden/journal", title="Garden journal", factory=journal_page)]


@hookimpl
def register_panels():
    return [PanelSpec(id="garden.season", title="Season", factory=season_panel)]


@hookimpl
def register_actions():
    return [ActionSpec(id="garden.weather", title="Note the weather", shortcut="Ctrl+Shift+W", handler=note_the_weather)]


# -- what happens: lifecycle, sync and data events -----------------------------


@hookimpl
def app_did_start(context):
    journal.open_for(context.data_dir, frost_alerts=context.settings.get("garden.frost_alerts"))


@hookimpl
def app_will_shutdown(context):
    journal.close()


@hookimpl
def sync_did_finish(result):
    if result.ok:
        journal.note("sync", f"Synced: {result.pulled} change(s) arrived, {result.pushed} sent.")
    else:
        journal.note("sync", f"The sync stopped: {result.error}")


@hookimpl
def thread_did_create(thread, origin):
    if thread.sphere_id == "garden":
        journal.note("planted", f"Planted “{thread.title}”" + (" (from another device)" if origin == "sync" else "") + ".")
        if journal.frost_alerts() and "frost" in (thread.founding_intent or "").lower():
            journal.note("frost", f"Frost alert for “{thread.title}”.")


@hookimpl
def thread_did_change(thread, fields, origin):
    if thread.sphere_id == "garden" and "status" in fields:
        journal.note("tended", f"“{thread.title}” is now {thread.status}.")


@hookimpl
def thread_did_delete(thread, origin):
    if thread.sphere_id == "garden":
        journal.note("cleared", f"Cleared “{thread.title}”.")


@hookimpl
def decision_did_make(decision, origin):
    if decision.sphere_id == "garden":
        chosen = next((o["label"] for o in decision.options or () if o["id"] == decision.chosen_option_id), "?")
        journal.note("decided", f"Decided “{decision.title}”: {chosen}.")


@hookimpl
def agent_did_propose(checkpoint, origin):
    if checkpoint.sphere_id == "garden":
        journal.note("proposed", f"{checkpoint.requested_by} proposed: {checkpoint.description}")


@hookimpl
def checkpoint_did_resolve(checkpoint, origin):
    if checkpoint.sphere_id == "garden":
        journal.note("resolved", f"A garden checkpoint was {checkpoint.status}.")
