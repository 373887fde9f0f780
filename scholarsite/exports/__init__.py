"""Citation formats written from the model: BibTeX, RIS, CSL-JSON."""
