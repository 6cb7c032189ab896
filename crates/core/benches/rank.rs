//! Criterion benchmark: rank 1k / 10k / 100k synthetic history incidents against one incident.
//! `index_rank` ranks on a prebuilt [`Index`] (the client owns a tenth of the history, a heavy
//! case: every one of them is scored); `index_rank_realistic` cycles through 100 queries of clients
//! drawn like the browser benchmark's (N/4 clients, a few big ones and a long tail);
//! `build_and_rank` includes preparing the history. Short measurement times: `./build.sh bench`
//! runs it every time.
use std::time::Duration;

use chrono::{DateTime, FixedOffset, TimeDelta};
use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion};
use wic_core::duplicates::{rank, Index, Settings};
use wic_core::inn::complete_legal_inn;
use wic_core::model::{Incident, Status};

const TITLES: [&str; 8] = [
    "Не отправляется отчет РСВ в ФНС",
    "Не приходят входящие документы от контрагента",
    "Ошибка при установке сертификата ЭП на компьютер",
    "Касса не передает чеки в ОФД",
    "Не формируется платежка по зарплате",
    "Требование из ИФНС не открывается",
    "Не устанавливается КриптоПро CSP",
    "Отчет 6-НДФЛ висит в статусе Отправлен",
];

fn history(n: usize, now: DateTime<FixedOffset>) -> Vec<Incident> {
    (0..n)
        .map(|i| {
            let client = if i % 10 == 0 { 0 } else { i % (n / 20 + 1) + 1 };
            let inn =
                complete_legal_inn(&format!("{:09}", 660_000_000 + client)).expect("9 digits");
            Incident {
                id: Some(i as u64 + 1),
                created_at: Some(now - TimeDelta::minutes((i % 10_000) as i64)),
                inn_kpp: Some(format!("{inn}-{}01001", &inn[..4])),
                title: format!("{} ({})", TITLES[i % TITLES.len()], i % 97),
                description: None,
                kind: Some(["Контур.Экстерн", "Контур.Диадок", "Контур.Маркет"][i % 3].into()),
                status: Some(Status::Open),
                knowledge: vec![5000 + (i % 50) as u64],
                phone: Some(format!("8(912){:07}", client)),
                ..Incident::default()
            }
        })
        .collect()
}

/// The browser benchmark's shape: N/4 clients, client = floor(C·u²), created within 7 days.
fn realistic(n: usize, now: DateTime<FixedOffset>) -> (Vec<Incident>, Vec<Incident>) {
    let mut seed = 0x5eed_u64 + n as u64;
    let mut rnd = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    let clients = (n / 4).max(50);
    let make = |id: Option<u64>, c: usize, age_s: i64, t: usize| {
        let inn = complete_legal_inn(&format!("77{c:07}")).expect("9 digits");
        Incident {
            id,
            created_at: Some(now - TimeDelta::seconds(age_s)),
            inn_kpp: Some(format!("{inn}-{}01001", &inn[..4])),
            title: TITLES[t % TITLES.len()].to_string(),
            kind: Some(["Контур.Экстерн", "Контур.Диадок", "Контур.Маркет"][t % 3].into()),
            status: Some(Status::Open),
            knowledge: vec![5000 + (t % 50) as u64],
            phone: Some(format!("8(912){c:07}")),
            ..Incident::default()
        }
    };
    let mut owner = Vec::with_capacity(n);
    let history: Vec<Incident> = (0..n)
        .map(|i| {
            let c = (clients as f64 * rnd() * rnd()) as usize;
            owner.push(c);
            make(
                Some(i as u64 + 1),
                c,
                (rnd() * 6.9 * 86_400.0) as i64,
                (rnd() * 1e6) as usize,
            )
        })
        .collect();
    let queries = (0..100)
        .map(|_| {
            make(
                None,
                owner[(rnd() * n as f64) as usize],
                0,
                (rnd() * 1e6) as usize,
            )
        })
        .collect();
    (history, queries)
}

fn bench(c: &mut Criterion) {
    let now = DateTime::from_timestamp(1_545_000_000, 0)
        .expect("valid")
        .fixed_offset();
    let settings = Settings::default();
    let mut me = history(1, now).remove(0);
    me.id = None;
    me.title = "РСВ не уходит в налоговую, ошибка при отправке отчета".into();
    let mut group = c.benchmark_group("duplicates");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(2))
        .warm_up_time(Duration::from_millis(500));
    for n in [1_000usize, 10_000, 100_000] {
        let h = history(n, now);
        let index = Index::build(&h);
        group.bench_with_input(BenchmarkId::new("index_rank", n), &n, |b, _| {
            b.iter(|| black_box(index.rank(now, &me, &settings)))
        });
        let (h2, queries) = realistic(n, now);
        let index2 = Index::build(&h2);
        let mut q = 0;
        group.bench_with_input(BenchmarkId::new("index_rank_realistic", n), &n, |b, _| {
            b.iter(|| {
                q = (q + 1) % queries.len();
                black_box(index2.rank(now, &queries[q], &settings))
            })
        });
        if n <= 10_000 {
            group.bench_with_input(BenchmarkId::new("build_and_rank", n), &n, |b, _| {
                b.iter(|| black_box(rank(now, &me, &h, &settings)))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
