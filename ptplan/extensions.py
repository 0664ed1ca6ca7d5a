"""Every Flask extension, created without an app so that nothing imports the app.

Flask-Migrate is not here: ``ptplan.migrating`` binds it only when a migration runs.
"""

from flask_babel import Babel
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_sqlalchemy.session import Session as FlaskSession
from flask_wtf.csrf import CSRFProtect
from sqlalchemy.orm.exc import StaleDataError

from ptplan.db import Base
from ptplan.exceptions import ConflictError

STALE_MESSAGE = (
    "Someone else saved this record while you were editing. Nothing of yours was saved: "
    "review the current values and your entries below, then save again."
)


class Session(FlaskSession):
    """Turns a concurrent write's StaleDataError into a ConflictError, in one place.

    Every versioned form (patient, evaluation, plan, visit note) writes ``UPDATE ... WHERE
    version = :seen``; when another request saved first that matches no row and SQLAlchemy
    raises StaleDataError from whichever flush runs it: an explicit flush, an autoflush
    inside a service, or the commit. Here it becomes a ConflictError (409), which the views
    answer by showing the form again with the user's input and the current record.
    """

    def flush(self, objects=None) -> None:
        try:
            super().flush(objects)
        except StaleDataError:
            raise ConflictError(STALE_MESSAGE) from None


db = SQLAlchemy(model_class=Base, session_options={"class_": Session})
login_manager = LoginManager()
csrf = CSRFProtect()
# Staff pages are English; patient documents are translated by the pure ptplan.i18n layer.
babel = Babel()
