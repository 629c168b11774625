"""Running the page: a port on 127.0.0.1, the address with the run's token, the browser, Ctrl-C."""

from __future__ import annotations

import errno
import socket
import threading
import webbrowser
from pathlib import Path
from typing import Callable

from ..errors import DrafterError

DEFAULT_PORT = 8765
TRIES = 20  # ports tried from the default one when it is taken
HOST = "127.0.0.1"


def bind(port: int | None) -> socket.socket:
    """A listening socket on 127.0.0.1: *port*, or the first free one from DEFAULT_PORT on."""
    ports = [port] if port is not None else [*range(DEFAULT_PORT, DEFAULT_PORT + TRIES), 0]
    last: OSError | None = None
    for candidate in ports:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, candidate))
        except OSError as e:
            sock.close()
            last = e
            continue
        sock.listen(128)
        sock.set_inheritable(True)
        return sock
    if port is not None and last is not None and last.errno in (errno.EADDRINUSE, errno.EACCES):
        why = "已被占用" if last.errno == errno.EADDRINUSE else "没有权限使用（1024 以下的端口需要管理员权限）"
        raise DrafterError(f"端口 {port} {why}", key="--port", hint="请换一个端口，或不写 --port 由 drafter 自动选择")
    raise DrafterError(f"无法在 {HOST} 上打开端口（{last}）", key="--port")


def serve(root: Path, *, port: int | None = None, open_browser: bool = True,
          echo: Callable[[str], None] = print) -> None:
    """Serve the workspace at *root* until Ctrl-C."""
    import uvicorn

    from .app import create_app
    from .security import new_token

    sock = bind(port)
    actual = sock.getsockname()[1]
    token = new_token()
    url = f"http://{HOST}:{actual}/?token={token}"
    app = create_app(root, token=token, hosts=[f"{HOST}:{actual}", f"localhost:{actual}"])
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on",
                                           timeout_graceful_shutdown=5))
    echo(f"drafter 网页界面已启动，工作区：{root}")
    echo(f"请在浏览器中打开（地址中带有本次的访问令牌，请勿发给他人）：\n    {url}")
    echo("只接受本机访问。按 Ctrl-C 停止。")
    if open_browser:
        threading.Timer(0.8, _open, [url]).start()
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
    echo("已停止 drafter serve。")


def _open(url: str) -> None:
    try:
        webbrowser.open(url)
    except Exception:  # noqa: BLE001 - no browser: the address is printed anyway
        pass
