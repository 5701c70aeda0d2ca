"""Sources of small test plugins, installed with the `add_plugin` fixture (`{id}` is filled by the test)."""

GARDEN_SPHERE = """
    from chenu_desktop import SphereSpec, hookimpl

    @hookimpl
    def register_spheres():
        return [SphereSpec(id="{id}", name="Garden", name_fr="Jardin", icon="🌱", colour="#65A30D",
                           order=10, xr_template="personal_room")]
"""

MOON_SPHERE = """
    from chenu_desktop import AgentSpec, SphereSpec, hookimpl

    @hookimpl
    def register_spheres():
        return [SphereSpec(id="moon", name="Moon", name_fr="Lune", icon="🌙", colour="#CBD5E1", order=11,
                           xr_template="lab_room")]
"""

MOON_WATCHER = """
    from chenu_desktop import AgentSpec, hookimpl

    @hookimpl
    def register_agents():
        return [AgentSpec(id="moon.watcher", name="Moon Watcher", name_fr="Guetteur de lune", level="L3",
                          domain="astronomy", sphere_id="moon", description="Notes the phases of the moon.",
                          capabilities=("note_phase",), base_cost=10)]
"""
