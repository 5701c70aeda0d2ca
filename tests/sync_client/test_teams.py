"""Team workspaces on devices: members and viewers get the workspace and its
rows through `chenu sync`, a member's edit reaches the owner, a viewer's edit
is refused on the device itself, outsiders and former members hold nothing of it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.sync_client.devices import Device, LiveServer, Person


def create_team(server: LiveServer, owner: Person, **invited: Person) -> str:
    """A team workspace made and shared through the REST API: `role=person`, each invited and accepting."""
    answer = server.call("POST", "/workspaces", owner, json={"name": "Studio team"})
    assert answer.status_code == 201, answer.text
    team = answer.json()["id"]
    for role, person in invited.items():
        invite_and_accept(server, owner, team, person, role)
    return team


def invite(server: LiveServer, owner: Person, team: str, person: Person, role: str) -> str:
    answer = server.call("POST", f"/workspaces/{team}/members", owner, json={"email": person.email, "role": role})
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


def invite_and_accept(server: LiveServer, owner: Person, team: str, person: Person, role: str) -> None:
    invitation = invite(server, owner, team, person, role)
    answer = server.call("POST", f"/workspaces/invitations/{invitation}/accept", person)
    assert answer.status_code == 200, answer.text


def start_thread(server: LiveServer, person: Person, workspace_id: str, title: str) -> str:
    body = {"title": title, "founding_intent": f"Why {title}", "sphere_id": "studio"}
    answer = server.call("POST", "/threads", person, params={"workspace_id": workspace_id}, json=body)
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


def workspaces(device: Device) -> dict[str, dict[str, Any]]:
    return {w["id"]: w for w in device("workspaces", "list", "--json").json()}


def test_members_and_viewers_share_a_team_workspace_and_outsiders_get_none_of_it(
    server: LiveServer, device: Callable[..., Device]
) -> None:
    owner, member, viewer, outsider = (server.register(name) for name in ("owner", "member", "viewer", "outsider"))
    team = create_team(server, owner, member=member, viewer=viewer)
    thread_id = start_thread(server, owner, team, "Album cover")

    # The member finds the workspace, works in it, and the owner gets the edit.
    members_laptop = device("member")
    members_laptop.login(server, member)
    members_laptop.sync()
    held = workspaces(members_laptop)
    assert (held[team]["name"], held[team]["role"]) == ("Studio team", "member")
    assert held[member.personal_workspace_id]["current"]
    members_laptop("workspaces", "use", team)
    members_laptop("threads", "edit", thread_id, "--title", "Album cover, second take")
    members_laptop.sync()

    owners_laptop = device("owner")
    owners_laptop.login(server, owner)
    owners_laptop.sync()
    assert workspaces(owners_laptop)[team]["role"] == "owner"
    assert owners_laptop.thread(thread_id)["title"] == "Album cover, second take"

    # The viewer reads along; an edit is refused before anything is written.
    viewers_laptop = device("viewer")
    viewers_laptop.login(server, viewer)
    viewers_laptop.sync()
    assert workspaces(viewers_laptop)[team]["role"] == "viewer"
    assert "read-only" in viewers_laptop("workspaces", "use", team).stdout
    before, waiting = viewers_laptop.state(), viewers_laptop.outbox()
    refused = viewers_laptop.refused("threads", "edit", thread_id, "--title", "A viewer's title")
    assert "viewer" in refused.stderr and "read-only" in refused.stderr
    assert viewers_laptop.state() == before
    assert viewers_laptop.outbox() == waiting == 0
    assert before["threads"][thread_id]["title"] == "Album cover, second take"

    # Someone outside the workspace pulls none of its rows.
    outsiders_laptop = device("outsider")
    outsiders_laptop.login(server, outsider)
    outsiders_laptop.sync()
    assert outsiders_laptop.rows_of(team) == 0
    assert owners_laptop.rows_of(team) > 0


def test_removal_from_a_workspace_takes_its_rows_off_the_device(
    server: LiveServer, device: Callable[..., Device]
) -> None:
    owner, member = server.register("owner"), server.register("member")
    team = create_team(server, owner, member=member)
    tour = start_thread(server, owner, team, "Tour dates")
    laptop = device("member")
    laptop.login(server, member)
    laptop.sync()
    laptop("workspaces", "use", team)
    assert laptop.rows_of(team) > 0

    removed = server.call("DELETE", f"/workspaces/{team}/members/{member.id}", owner)
    assert removed.status_code == 204, removed.text
    later = start_thread(server, owner, team, "Written after the removal")
    laptop.sync()

    assert laptop.rows_of(team) == 0
    held = workspaces(laptop)
    assert list(held) == [member.personal_workspace_id]
    assert held[member.personal_workspace_id]["current"]

    # Invited back, the device gets the whole workspace again, not just what came after.
    invite_and_accept(server, owner, team, member, "viewer")
    laptop.sync()
    threads = laptop.state()["threads"]
    assert {threads[tour]["title"], threads[later]["title"]} == {"Tour dates", "Written after the removal"}


def test_removal_reaches_a_device_whose_push_needs_no_pull(server: LiveServer, device: Callable[..., Device]) -> None:
    """The member's next sync only pushes an edit of their own (nothing else
    was logged in the workspaces they still belong to): the push's answer
    says which those are, and the removed workspace's rows leave all the same."""
    owner, member = server.register("owner"), server.register("member")
    team = create_team(server, owner, member=member)
    start_thread(server, owner, team, "Tour dates")
    laptop = device("member")
    laptop.login(server, member)
    laptop.sync()
    assert laptop.rows_of(team) > 0

    removed = server.call("DELETE", f"/workspaces/{team}/members/{member.id}", owner)
    assert removed.status_code == 204, removed.text
    laptop.add_thread("Mine alone")
    report = laptop.sync()

    assert report["pushed"] >= 1 and report["pulled"] == 0
    assert laptop.rows_of(team) == 0
    assert list(workspaces(laptop)) == [member.personal_workspace_id]


def test_an_invitation_reaches_a_device_only_once_accepted_there(
    server: LiveServer, device: Callable[..., Device]
) -> None:
    owner, invitee = server.register("owner"), server.register("invitee")
    team = create_team(server, owner)
    start_thread(server, owner, team, "Free prizes - click here")
    invitation = invite(server, owner, team, invitee, "member")
    laptop = device("invitee")
    laptop.login(server, invitee)
    laptop.sync()
    assert laptop.rows_of(team) == 0 and team not in workspaces(laptop)

    [waiting] = laptop("workspaces", "invitations", "--json").json()
    assert (waiting["id"], waiting["workspace_name"], waiting["role"], waiting["invited_by"]) == (
        invitation, "Studio team", "member", owner.email
    )
    assert "Studio team" in laptop("workspaces", "invitations").stdout
    assert "chenu sync" in laptop("workspaces", "accept", invitation).stdout
    laptop.sync()
    assert workspaces(laptop)[team]["role"] == "member" and laptop.rows_of(team) > 0
    assert laptop("workspaces", "invitations", "--json").json() == []

    # Declined, the next one leaves nothing behind; an unknown id is a clean refusal.
    second = create_team(server, owner)
    declined = invite(server, owner, second, invitee, "viewer")
    assert "declined" in laptop("workspaces", "decline", declined).stdout
    laptop.sync()
    assert laptop.rows_of(second) == 0
    refused = laptop.refused("workspaces", "accept", declined)
    assert "404" in refused.stderr and "invitation" in refused.stderr
