"""The raster side: satellite rasters measured over a project's boundary.

It needs the optional ``raster`` extra (``pip install 'carboncalc[raster]'``: rasterio, shapely
and numpy) and is imported only by the command that uses it, so that nothing else of carboncalc
loads those libraries. It may use the file side, the core and the shared modules.
"""
