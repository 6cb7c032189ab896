//! Memory of a prepared history (issue 14, item 5: a 10k-incident history ranks in under 8 MiB of
//! wasm memory). A counting allocator measures the peak of reading the history's JSON answer into an
//! `Index` and what the `Index` keeps. Native pointers are twice wasm32's, so these numbers are an
//! upper bound of the module's; the browser's own figure is `./build.sh bench` (`memory_after_10k`).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use chrono::{DateTime, TimeDelta};
use wic_core::duplicates::{Index, Settings};
use wic_core::inn::complete_legal_inn;
use wic_core::model::{Incident, Status};

struct Counting;

static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = NOW.fetch_add(layout.size(), Relaxed) + layout.size();
        PEAK.fetch_max(now, Relaxed);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        NOW.fetch_sub(layout.size(), Relaxed);
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

const TITLES: [&str; 6] = [
    "Не отправляется отчет РСВ в ФНС",
    "Не приходят входящие документы от контрагента",
    "Ошибка при установке сертификата ЭП на компьютер",
    "Касса не передает чеки в ОФД",
    "Требование из ИФНС не открывается",
    "Отчет 6-НДФЛ висит в статусе Отправлен",
];

/// 10,000 incidents of 2,500 clients as the ticket system answers them (JSON text), with a
/// two-sentence description each.
fn answer() -> String {
    let now = DateTime::parse_from_rfc3339("2026-12-01T12:00:00+05:00").unwrap();
    let history: Vec<Incident> = (0..10_000u64)
        .map(|i| {
            let c = i % 2_500;
            let inn = complete_legal_inn(&format!("77{c:07}")).unwrap();
            Incident {
                id: Some(19_000_000 + i),
                created_at: Some(now - TimeDelta::minutes(i as i64)),
                inn_kpp: Some(format!("{inn}-{}01001", &inn[..4])),
                phone: Some(format!("+7912{c:07}")),
                title: format!("{} ({})", TITLES[i as usize % TITLES.len()], i % 97),
                description: Some(format!(
                    "Клиент {c} обратился повторно. {} после обновления.",
                    TITLES[(i as usize + 1) % TITLES.len()]
                )),
                kind: Some("Контур.Экстерн".into()),
                status: Some(Status::Open),
                knowledge: vec![5000 + i % 50],
                ..Incident::default()
            }
        })
        .collect();
    serde_json::to_string(&history).unwrap()
}

const MIB: f64 = 1024.0 * 1024.0;

#[test]
fn a_10k_history_is_read_and_prepared_in_little_memory() {
    let text = answer();
    let base = NOW.load(Relaxed);
    PEAK.store(base, Relaxed);
    let (index, skipped) = Index::from_json(&text).expect("the answer reads");
    let peak = PEAK.load(Relaxed) - base;
    let kept = NOW.load(Relaxed) - base;
    assert_eq!((index.len(), skipped), (10_000, 0));
    println!(
        "answer {:.1} MiB; reading and preparing it: peak {:.1} MiB above the answer, the index keeps {:.1} MiB",
        text.len() as f64 / MIB,
        peak as f64 / MIB,
        kept as f64 / MIB
    );
    // Issue 14 asks for 8 MiB of wasm memory in all, the answer's text included. Not met (see
    // docs/BENCHMARKS.md): this holds what was measured when the index stopped keeping the parsed
    // incidents and its trigrams went to 32 bits (native: answer 4.9 + peak 16.6 MiB).
    assert!(
        text.len() + peak < 23 * 1024 * 1024,
        "answer + peak = {:.1} MiB",
        (text.len() + peak) as f64 / MIB
    );

    // And it ranks as the index built from the incidents does.
    let now = DateTime::parse_from_rfc3339("2026-12-01T12:00:00+05:00").unwrap();
    let history: Vec<Incident> = serde_json::from_str(&text).unwrap();
    let query = Incident {
        id: None,
        ..history[0].clone()
    };
    let ranked = index.rank(now, &query, &Settings::default());
    assert!(ranked.iter().any(|c| c.id == 19_000_000), "{ranked:?}");
    assert_eq!(
        ranked,
        Index::build(&history).rank(now, &query, &Settings::default())
    );
}
