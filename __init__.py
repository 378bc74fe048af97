"""backtofront: a rules-based maturity classifier and recommender for council back-office efficiency,
built on the Audit Commission's 2008 national report 'Back to front'."""

__version__ = "0.1.0"
REPORT = ("Audit Commission, Back to front: efficiency of back office functions in local government (October "
          "2008)")
