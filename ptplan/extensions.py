"""Every Flask extension, created without an app so that nothing imports the app.

Flask-Migrate is not here: ``ptplan.migrating`` binds it only when a migration runs.
"""

from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from ptplan.db import Base

db = SQLAlchemy(model_class=Base)
login_manager = LoginManager()
csrf = CSRFProtect()
