"""The bundled demo corpus and a generator of larger corpora recombined from it."""
