"""The catalogue: categories with their required certificates, products, variants, images, origin, listings."""
