//! wic-assist browser side: reads the page through the site profile, calls wic-core, renders the panel.
