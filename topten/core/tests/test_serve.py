"""`topten serve`: the gunicorn it runs keeps its control socket in the instance's var dir."""

import os
import signal
import subprocess
import sys
import time

from topten.core.management.commands.serve import control_socket_args, gunicorn_argv
from topten.lib.loopback import free_port


class TestServe:
    def test_the_control_socket_is_in_the_var_dir(self, settings, tmp_path):
        settings.VAR_DIR = tmp_path
        argv = gunicorn_argv("127.0.0.1:8000", 2, 1)
        at = argv.index("--control-socket")
        assert argv[at + 1] == str(tmp_path / "gunicorn.ctl")

    def test_a_var_dir_too_long_for_a_socket_leaves_it_off(self, tmp_path):
        assert control_socket_args(tmp_path / ("d" * 120)) == ["--no-control-socket"]

    def test_two_gunicorns_of_one_user_keep_a_socket_each(self, tmp_path):
        """gunicorn accepts the option and binds where it is told, not at the default
        ($XDG_RUNTIME_DIR or ~/.gunicorn, pointed here at a directory of the test's)."""
        home = tmp_path / "home"
        home.mkdir()
        env = {**os.environ, "HOME": str(home), "XDG_RUNTIME_DIR": ""}
        procs, dirs = [], []
        try:
            for name in ("first", "second"):
                var = tmp_path / name
                var.mkdir()
                dirs.append(var)
                cmd = [sys.executable, "-m", "gunicorn", "topten.web.wsgi:application"]
                cmd += ["--bind", f"127.0.0.1:{free_port()}", "--workers", "1"]
                cmd += control_socket_args(var)
                procs.append(subprocess.Popen(cmd, env=env, stderr=subprocess.DEVNULL))
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                if all((var / "gunicorn.ctl").is_socket() for var in dirs):
                    break
                assert all(p.poll() is None for p in procs), "gunicorn exited"
                time.sleep(0.1)
            assert all((var / "gunicorn.ctl").is_socket() for var in dirs)
            assert not (home / ".gunicorn" / "gunicorn.ctl").exists()
        finally:
            for proc in procs:
                if proc.poll() is None:
                    proc.send_signal(signal.SIGTERM)
            for proc in procs:
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
