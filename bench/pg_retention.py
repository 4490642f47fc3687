#!/usr/bin/env python3
"""Retention of the PostgreSQL events table: `sandbox-agent storage prune` (row deletes) against
dropping a partition of a table partitioned by `created_at`, on the same rows.

A local cluster (bench/pg_cluster.py) gets the real schema (`storage migrate`), then `--sessions`
sessions of `--events` events each (payloads of ~300 bytes); every other session ended 40 days
ago, the rest yesterday. Printed: the table's size per event, the wall time of
`storage prune --older-than 30d` (the real command, process start included), the dead rows it
leaves and the time of the VACUUM that reclaims them; then, for the same rows copied into a table
partitioned by range of `created_at` (old / recent), the time of dropping the old partition.
Nothing asserts a speed.
"""
import argparse
import re
import subprocess
import time

from pg_cluster import Cluster

DAY_MS = 86_400_000


def timed(cluster, database, sql):
    """Runs `sql` through psql with \\timing; returns the server-side milliseconds it reports."""
    out = cluster.query(database, "\\timing on", sql)
    return float(re.findall(r"Time: ([0-9.]+) ms", out)[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--sessions", type=int, default=400)
    parser.add_argument("--events", type=int, default=1000, help="events per session")
    args = parser.parse_args()
    now = int(time.time() * 1000)
    old, recent = now - 40 * DAY_MS, now - DAY_MS
    cluster = Cluster()
    try:
        url = cluster.database("retention")
        subprocess.run([args.binary, "storage", "migrate", "--storage", url], check=True, stdout=subprocess.DEVNULL)
        # Session ids shaped like the server's: sess_ + 20 hex digits (80 random bits).
        sessions = (f"SELECT 'sess_' || substr(md5(s::text), 1, 20) AS sid, CASE WHEN s % 2 = 0 THEN {old} ELSE {recent} END AS t "
                    f"FROM generate_series(1, {args.sessions}) s")
        cluster.query("retention", f"""
            INSERT INTO sandbox_agent_sessions (id, created_at, record, instance_id)
            SELECT sid, t, jsonb_build_object('id', sid, 'status', 'ended', 'endedAt', t + 3600000, 'agent', 'mock'), 'bench'
            FROM ({sessions}) x""")
        fill_ms = timed(cluster, "retention", f"""
            INSERT INTO sandbox_agent_events (session_id, event_index, id, created_at, sender, payload)
            SELECT sid, i, md5(sid || ':' || i)::uuid::text, t + i, 'agent',
                '{{"jsonrpc":"2.0","method":"session/update","params":{{"i":' || i || ',"text":"' || repeat('x', 240) || '"}}}}'
            FROM ({sessions}) x, generate_series(0, {args.events - 1}) i""")
        size = lambda: [int(v) for v in cluster.query(
            "retention", "SELECT count(*), pg_relation_size('sandbox_agent_events'), pg_indexes_size('sandbox_agent_events'), "
            "COALESCE(sum(octet_length(payload)), 0) FROM sandbox_agent_events").split("|")]
        rows, heap, index, payload = size()
        # The same rows in a table partitioned by day ranges: old (40 days ago) and recent.
        cluster.query("retention", f"""
            CREATE TABLE events_by_range (LIKE sandbox_agent_events) PARTITION BY RANGE (created_at);
            ALTER TABLE events_by_range ADD PRIMARY KEY (session_id, event_index, created_at);
            CREATE TABLE events_old PARTITION OF events_by_range FOR VALUES FROM ({old - DAY_MS}) TO ({old + DAY_MS});
            CREATE TABLE events_recent PARTITION OF events_by_range FOR VALUES FROM ({recent - DAY_MS}) TO ({now + DAY_MS});
            INSERT INTO events_by_range SELECT * FROM sandbox_agent_events;""")

        start = time.perf_counter()
        pruned = subprocess.run([args.binary, "storage", "prune", "--storage", url, "--older-than", "30d"],
                                check=True, capture_output=True, text=True).stdout.strip()
        prune_s = time.perf_counter() - start
        cluster.query("retention", "SELECT pg_stat_force_next_flush()")
        time.sleep(1)  # the statistics collector's view of the dead rows
        dead = cluster.query("retention", "SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'sandbox_agent_events'")
        vacuum_ms = timed(cluster, "retention", "VACUUM sandbox_agent_events")
        rows_after, heap_after, index_after, _ = size()
        drop_ms = timed(cluster, "retention", "DROP TABLE events_old")
        left = cluster.query("retention", "SELECT count(*) FROM events_by_range")
    finally:
        cluster.stop()

    print(f"{rows} events in {args.sessions} sessions (filled in {fill_ms / 1000:.1f} s): "
          f"{heap / rows:.0f} B/event heap + {index / rows:.0f} B/event primary-key index, of which {payload / rows:.0f} B payload")
    print(f"storage prune --older-than 30d: {prune_s * 1000:.0f} ms wall ({pruned})")
    print(f"  dead rows left in sandbox_agent_events: {dead}; VACUUM of them: {vacuum_ms:.0f} ms; "
          f"{rows_after} events left, files {(heap_after + index_after) / 2**20:.1f} MiB (were {(heap + index) / 2**20:.1f} MiB: space reused, not returned)")
    print(f"partitioned by created_at: DROP TABLE of the old partition ({rows - rows_after} events): {drop_ms:.1f} ms, "
          f"no dead rows; {left} events left")


if __name__ == "__main__":
    main()
