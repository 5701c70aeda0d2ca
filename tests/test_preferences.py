import json
import os
import stat

from chenu_desktop.preferences import PREFERENCES_FILE, Preferences


def test_preferences_round_trip_private_file(tmp_path):
    chosen = Preferences(language="fr", theme="light", sync_enabled=False, sync_interval_s=120, disabled_plugins=["xr"])
    chosen.save(tmp_path)
    assert Preferences.load(tmp_path) == chosen
    assert stat.S_IMODE(os.stat(tmp_path / PREFERENCES_FILE).st_mode) == 0o600


def test_missing_or_unreadable_file_gives_defaults(tmp_path):
    assert Preferences.load(tmp_path) == Preferences()
    (tmp_path / PREFERENCES_FILE).write_text("{not json", encoding="utf-8")
    assert Preferences.load(tmp_path) == Preferences()


def test_a_bad_value_falls_back_alone(tmp_path):
    (tmp_path / PREFERENCES_FILE).write_text(
        json.dumps({"language": "fr", "theme": "purple", "sync_interval_s": 1, "sync_enabled": "yes"}), encoding="utf-8"
    )
    loaded = Preferences.load(tmp_path)
    assert (loaded.language, loaded.theme, loaded.sync_interval_s, loaded.sync_enabled) == ("fr", "system", 30, True)


def test_update_changes_only_the_fields_given_and_refuses_bad_values(tmp_path):
    Preferences(language="fr", theme="dark").save(tmp_path)
    Preferences.update(tmp_path, sync_interval_s=90)
    assert (Preferences.load(tmp_path).language, Preferences.load(tmp_path).sync_interval_s) == ("fr", 90)
    try:
        Preferences.update(tmp_path, sync_interval_s=2, theme="light")
    except ValueError as error:
        assert "sync_interval_s" in str(error)
    else:
        raise AssertionError("a 2 s interval was accepted")
    assert Preferences.load(tmp_path).theme == "dark"  # nothing of the refused change was saved
