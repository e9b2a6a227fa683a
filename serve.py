"""Serve the archive with waitress, a production WSGI server, on HOST:PORT."""

from waitress import serve

import settings
from app import create_app

if __name__ == "__main__":
    config = settings.from_env()
    print(f"Conflict Archive on http://{config['HOST']}:{config['PORT']} (index: {config['INDEX_DIR']})")
    serve(create_app(), host=config["HOST"], port=config["PORT"], threads=config["THREADS"])
