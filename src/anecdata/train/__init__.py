"""Local training of the models anecdata ships or a user trains on their own data (``anecdata train TASK``)."""
