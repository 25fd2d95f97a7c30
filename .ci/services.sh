#!/usr/bin/env bash
# Services the test suite uses when they are there (tests skip with a reason otherwise):
# a throwaway PostgreSQL database for the ledger. Dovecot (IMAP) is started by the tests
# themselves; it only needs to be installed.
set -euo pipefail
export PGOPTIONS="--client-min-messages=warning"
if command -v pg_ctlcluster >/dev/null 2>&1; then
  cluster=$(pg_lsclusters -h | awk 'NR==1 {print $1" "$2}')
  if [ -n "$cluster" ]; then
    pg_ctlcluster $cluster start >/dev/null 2>&1 || true
    for _ in $(seq 1 20); do
      runuser -u postgres -- psql -qAtc "select 1" >/dev/null 2>&1 && break
      sleep 0.5
    done
    # every database the role owns goes first (a developer's extra test databases), or the role cannot
    for db in $(runuser -u postgres -- psql -qAtc \
        "select datname from pg_database d join pg_roles r on d.datdba = r.oid where r.rolname = 'xlunion_test'"); do
      runuser -u postgres -- psql -qc "drop database if exists \"$db\"" >/dev/null
    done
    runuser -u postgres -- psql -qc "drop database if exists xlunion_test" >/dev/null
    runuser -u postgres -- psql -qc "drop role if exists xlunion_test" >/dev/null
    runuser -u postgres -- psql -qc "create role xlunion_test login password 'xlunion_test'" >/dev/null
    runuser -u postgres -- psql -qc "create database xlunion_test owner xlunion_test" >/dev/null
    echo "postgresql+psycopg://xlunion_test:xlunion_test@127.0.0.1:5432/xlunion_test"
  fi
fi
