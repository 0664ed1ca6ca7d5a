"""Scored outcome measures over time (NPRS, ODI, PSFS, LEFS, FABQ), from every source."""
