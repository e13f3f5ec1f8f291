"""HTML forms of the seller centre. They check the shape of input and show errors; the services decide."""
