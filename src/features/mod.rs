//! Panel features, one file each (DESIGN §8): each reads the snapshot and fills its own section.
pub mod status;
