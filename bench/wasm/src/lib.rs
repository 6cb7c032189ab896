//! Benchmark-only bridge: exposes wic-core's duplicate ranking (`duplicates::Index`, the code the
//! extension runs) to the benchmark page. Not shipped in dist/. Knows no page and no WIC.

use chrono::DateTime;
use wasm_bindgen::prelude::*;
use wic_core::duplicates::{Index, Settings};
use wic_core::model::Incident;

/// A prepared history: `new BenchIndex(historyJson)`, then `rank(incidentJson, nowSecs, k)`.
#[wasm_bindgen]
pub struct BenchIndex {
    index: Index,
    settings: Settings,
}

#[wasm_bindgen]
impl BenchIndex {
    /// Reads a JSON array of incidents (DESIGN §5) into a prepared history, one incident at a time
    /// (`Index::from_json`: the parsed incidents are never all in memory).
    #[wasm_bindgen(constructor)]
    pub fn new(history_json: &str) -> Result<BenchIndex, JsError> {
        let (index, _skipped) = Index::from_json(history_json)?;
        Ok(BenchIndex {
            index,
            settings: Settings::default(),
        })
    }

    /// Number of prepared incidents.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// Whether the index is empty.
    #[wasm_bindgen(js_name = isEmpty)]
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// Ids of the best `k` candidates for the incident (JSON), best first.
    pub fn rank(&self, incident_json: &str, now_secs: f64, k: usize) -> Result<Vec<f64>, JsError> {
        let incident: Incident = serde_json::from_str(incident_json)?;
        let now = DateTime::from_timestamp(now_secs as i64, 0)
            .ok_or_else(|| JsError::new("now is out of range"))?
            .fixed_offset();
        Ok(self
            .index
            .rank(now, &incident, &self.settings)
            .iter()
            .take(k)
            .map(|c| c.id as f64)
            .collect())
    }
}

/// Bytes of this instance's linear memory (the `memory.buffer.byteLength` the page also reads);
/// 0 outside wasm (the workspace also builds this crate natively: `cargo test --workspace`).
#[wasm_bindgen(js_name = memoryBytes)]
pub fn memory_bytes() -> f64 {
    #[cfg(target_arch = "wasm32")]
    return (core::arch::wasm32::memory_size(0) * 65_536) as f64;
    #[cfg(not(target_arch = "wasm32"))]
    0.0
}
