"""On PostgreSQL, make a double-booked mediator or room impossible.

Exclusion constraints over time ranges exist only in PostgreSQL; on SQLite the same rule
is checked in Python by cases.scheduling before a hearing is saved.
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE cases_hearing ADD CONSTRAINT hearing_mediator_no_overlap
    EXCLUDE USING gist (mediator_id WITH =, tstzrange(start, "end", '[)') WITH &&)
    WHERE (status = 'scheduled');
ALTER TABLE cases_hearing ADD CONSTRAINT hearing_room_no_overlap
    EXCLUDE USING gist (room_id WITH =, tstzrange(start, "end", '[)') WITH &&)
    WHERE (status = 'scheduled' AND room_id IS NOT NULL);
"""

DROP = """
ALTER TABLE cases_hearing DROP CONSTRAINT IF EXISTS hearing_mediator_no_overlap;
ALTER TABLE cases_hearing DROP CONSTRAINT IF EXISTS hearing_room_no_overlap;
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP))]
