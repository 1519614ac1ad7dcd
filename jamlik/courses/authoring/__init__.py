"""Authoring courses (programme managers; coordinators for their organisation's courses),
course bundles, group sessions and completion imports: their actions, forms, views and URLs."""
