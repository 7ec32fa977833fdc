#!/bin/bash
# Records samples/sample.scap with the live driver: a small scripted workload (file reads, a pipe,
# a TCP exchange on 127.0.0.1, a fork and exec) run with an empty environment, then trimmed to the
# workload's own process tree (tools/trim-capture.py), so no other process's state is shipped.
# Needs root, BTF and a Release build.
set -euo pipefail
# Run with an empty environment from the start: execve events carry the environment, and the sample must not.
[ -n "${SHARPDIG_SAMPLE_CLEAN:-}" ] || exec env -i SHARPDIG_SAMPLE_CLEAN=1 PATH=/usr/bin:/bin HOME=/tmp LANG=C "$0" "$@"
cd "$(dirname "$0")/.."
sharpdig=artifacts/bin/Sharpdig/release/sharpdig
work=$(mktemp -d /tmp/sharpdig-sample.XXXXXX)
trap 'rm -rf "$work"' EXIT

"$sharpdig" -w "$work/full.scap" -M 30 &
capture=$!
until [ -e "$work/full.scap" ]; do sleep 0.1; done
sleep 0.5

cat > "$work/tcp.py" <<'PY'
import socket
server = socket.socket()
server.bind(("127.0.0.1", 0))
server.listen(1)
client = socket.socket()
client.connect(server.getsockname())
peer, _ = server.accept()
client.sendall(b"GET /hello HTTP/1.0\r\n\r\n")
request = peer.recv(100)
peer.sendall(b"HTTP/1.0 200 OK\r\n\r\nhello from sharpdig\n")
peer.close()
print(client.recv(100).decode().splitlines()[-1])
client.close()
server.close()
PY

(cd "$work" && bash -c '
    echo $$ > root.pid
    printf "line one\nline two\nline three\n" > notes.txt
    cat notes.txt > /dev/null
    head -n 1 /etc/hostname > /dev/null
    echo "through a pipe" | tr a-z A-Z > shout.txt
    python3 tcp.py > /dev/null
    sh -c "ls / > /dev/null; :"
')
sleep 0.5
kill -TERM "$capture"
wait "$capture"
python3 tools/trim-capture.py "$work/full.scap" samples/sample.scap "$(cat "$work/root.pid")"
ls -l samples/sample.scap
