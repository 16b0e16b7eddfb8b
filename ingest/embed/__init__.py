from .base import Embedder, EmbedderError, create_embedder, normalise_rows

__all__ = ["Embedder", "EmbedderError", "create_embedder", "normalise_rows"]
