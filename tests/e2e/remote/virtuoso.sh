# virtuoso.sh -- sourced by tests/e2e/remote_virtuoso.sh and
# bench/remote/run.sh (not a test itself): start_virtuoso DIR starts a
# private virtuoso-t on 127.0.0.1 with its database in DIR, on two free
# ports, and grants SPARQL updates (and so the Graph Store Protocol) to
# its anonymous SPARQL user. It sets vpid, httpport and sqlport;
# stop_virtuoso stops it (call it from an EXIT trap).
#
# SPDX-License-Identifier: MIT

vpid=
start_virtuoso() {
    local dir=$1 buffers=${2:-20000}
    mkdir -p "$dir"
    read -r sqlport httpport < <(python3 -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])')
    cat > "$dir/virtuoso.ini" <<INI
[Database]
DatabaseFile = $dir/virtuoso.db
ErrorLogFile = $dir/virtuoso.log
LockFile = $dir/virtuoso.lck
TransactionFile = $dir/virtuoso.trx
xa_persistent_file = $dir/virtuoso.pxa
FileExtend = 200
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = $dir/virtuoso-temp.db
TransactionFile = $dir/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:$sqlport
NumberOfBuffers = $buffers
MaxDirtyBuffers = $((buffers * 3 / 4))
DirsAllowed = $dir
[HTTPServer]
ServerPort = 127.0.0.1:$httpport
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 300
INI
    # +wait returns once the server is online (it daemonizes itself).
    timeout 60 virtuoso-t -c "$dir/virtuoso.ini" +wait > "$dir/start.out" 2>&1 ||
        { cat "$dir/start.out"; echo "virtuoso-t did not start" >&2; return 1; }
    vpid=$(sed -n 's/^VIRT_PID=//p' "$dir/virtuoso.lck")
    [ -n "$vpid" ] || { cat "$dir/start.out"; echo "no pid in $dir/virtuoso.lck" >&2; return 1; }
    timeout 30 isql-vt "127.0.0.1:$sqlport" dba dba \
        exec='GRANT SPARQL_UPDATE TO "SPARQL";' > "$dir/grant.out" 2>&1 ||
        { cat "$dir/grant.out"; echo "isql-vt: cannot grant SPARQL_UPDATE" >&2; return 1; }
}

stop_virtuoso() {
    if [ -n "$vpid" ] && kill -0 "$vpid" 2>/dev/null; then
        kill -TERM "$vpid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$vpid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$vpid" 2>/dev/null || true
    fi
    vpid=
}
