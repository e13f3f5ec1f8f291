"""Order pages: the buyer's (buyer.py)."""
