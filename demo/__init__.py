"""Demo data for the portal: a directory of centers and mediators, demo logins, and disputes.

Everything here is for development, demonstrations and benchmarks only. `manage.py
seed_demo` is the entry point; the modules are split by concern:

- `vocabulary` — names, streets, dispute texts in kk/ru/en (plain data);
- `directory`  — associations, centers, rooms, mediators with availability and training;
- `accounts`   — the demo logins and their one printed password;
- `timeline`   — plans one dispute and its life through the workflow, in memory;
- `calendar`   — hearing slots that never double-book a mediator or a room;
- `disputes`   — writes the planned disputes in bulk (parties, events, hearings, agreements,
  feedback) and tops them up idempotently.
"""
