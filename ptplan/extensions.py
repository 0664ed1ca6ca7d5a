"""Every Flask extension, created without an app so that nothing imports the app."""

from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from ptplan.db import Base, render_migration_item

db = SQLAlchemy(model_class=Base)
migrate = Migrate(compare_type=True, render_as_batch=True, render_item=render_migration_item)
login_manager = LoginManager()
csrf = CSRFProtect()
# Staff pages are English; patient documents are translated by the pure ptplan.i18n layer.
babel = Babel()
