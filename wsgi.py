"""Entry point: ``flask --app wsgi ...`` and ``gunicorn wsgi:app``.

Start-up builds some 180,000 long-lived objects (modules, SQLAlchemy mappers, URL rules) and
almost no garbage. With the cyclic garbage collector on, its full collections would walk all of
them again and again while they are being built: about a quarter of the start-up time. So the
collector is paused while the app is built, and what start-up built is then frozen out of its
reach: later collections in a worker skip those objects, and a forked worker does not touch their
pages (the pattern Python's ``gc.freeze`` documentation gives for pre-fork servers).
"""

import gc

gc.disable()
try:
    from ptplan import create_app

    app = create_app()
finally:
    gc.freeze()
    gc.enable()
