"""The Head Gardener's skill: read the thread's notes, propose what to sow.

A skill only reads (its `SkillContext`) and proposes (a `SkillProposal`):
CHE·NU holds the proposal at a checkpoint, and nothing is sown until a
person approves it."""

from __future__ import annotations

from chenu_desktop import SkillContext, SkillProposal


def plan_season(context: SkillContext) -> SkillProposal:
    notes = context.thread.notes if context.thread is not None else ()
    plants = [note.strip().rstrip(".") for note in notes if note.strip()]
    if not plants:
        raise ValueError("note the plants you want in the thread first (chenu threads note ID 'tomatoes')")
    return SkillProposal(
        rationale=f"{len(plants)} plant(s) noted in the thread; sow them in the order they were noted.",
        actions=tuple(f"Sow {plant}" for plant in plants),
        memory_items=(f"Planned this season: {', '.join(plants)}",),
    )
