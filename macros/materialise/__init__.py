"""The materialised site (`python -m macros.materialise DEST`): every page as a plain file and a config
without our plugins, for engines that run none (plain MkDocs/Material, ProperDocs, Zensical). A layer beside
the MkDocs glue: it calls the core (`pipeline.assemble_site`), the renderer and the exports, never MkDocs."""
