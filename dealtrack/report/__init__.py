"""The HTML briefing (``dealtrack report``): ``briefing`` computes what it shows, ``svg``
draws the charts, ``html`` writes the page, ``revision`` finds the dataset's git commit."""
