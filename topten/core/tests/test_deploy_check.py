import os
import secrets
import subprocess
import sys

PRODUCTION_ENV = {
    "SITE_URL": "https://news.example.org",
    "ALLOWED_HOSTS": "news.example.org",
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(60),
}


def check_deploy(tmp_path, **overrides) -> subprocess.CompletedProcess:
    env = {**os.environ, **PRODUCTION_ENV, "TOPTEN_VAR_DIR": str(tmp_path), **overrides}
    return subprocess.run(
        [sys.executable, "-m", "topten", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


class TestDeployCheck:
    def test_check_deploy_is_clean_under_production_settings(self, tmp_path):
        result = check_deploy(tmp_path)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "no issues" in result.stdout

    def test_check_deploy_flags_debug_in_production(self, tmp_path):
        result = check_deploy(tmp_path, DEBUG="true")
        assert result.returncode != 0
        assert "DEBUG" in result.stdout + result.stderr
