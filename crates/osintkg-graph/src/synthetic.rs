//! A deterministic, news-like graph of any size, for benchmarks: the analytics bench runs
//! paths and rankings on it, and the server's bench serves it over HTTP, so their figures
//! are about the same graph.
//!
//! A few hundred countries come first, then people, organizations, places and dated
//! events; half of the edge objects are drawn with a cubic skew so that some nodes become
//! hubs (tens of thousands of edges), as countries and large groups are.

use crate::model::{EntityType, Predicate};
use crate::view::{EdgeWeight, ViewEdge, ViewNode};

/// SplitMix64: a deterministic stream, so every run benchmarks the same graph.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A stream from `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// A number in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The nodes and edges of a generated graph with `nodes` nodes (keys `type:0000042`) and
/// `edges` edges, for [`GraphView::from_parts`](crate::GraphView::from_parts).
pub fn generate(nodes: usize, edges: usize) -> (Vec<ViewNode>, Vec<ViewEdge>) {
    let mut rng = Rng::new(0x05_1E_7C_06);
    let view_nodes = (0..nodes)
        .map(|i| {
            let kind = if i < 200 {
                EntityType::Country
            } else {
                match i % 10 {
                    0 => EntityType::Event,
                    1..=4 => EntityType::Person,
                    5..=7 => EntityType::Organization,
                    _ => EntityType::Location,
                }
            };
            let date = (kind == EntityType::Event).then(|| {
                format!(
                    "20{:02}-{:02}-{:02}",
                    10 + rng.below(15),
                    1 + rng.below(12),
                    1 + rng.below(28)
                )
            });
            ViewNode {
                key: format!("{}:{i:07}", kind.as_str().to_lowercase()),
                kind,
                date,
            }
        })
        .collect();
    let mut view_edges = Vec::with_capacity(edges);
    while nodes > 1 && view_edges.len() < edges {
        let subject = rng.below(nodes);
        let object = if rng.next_u64() & 1 == 0 {
            rng.below(nodes)
        } else {
            ((nodes as f64) * rng.unit().powi(3)) as usize
        };
        if subject == object {
            continue;
        }
        let support = if rng.below(4) == 0 {
            1 + rng.below(6) as u32
        } else {
            1
        };
        view_edges.push(ViewEdge {
            subject: subject as u32,
            object: object as u32,
            weight: EdgeWeight {
                predicate: Predicate::ALL[rng.below(Predicate::ALL.len())],
                support,
                confidence: 0.5 + 0.5 * rng.unit(),
            },
        });
    }
    (view_nodes, view_edges)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_graph_every_time_and_a_valid_view() {
        let (nodes, edges) = generate(1000, 5000);
        assert_eq!((nodes.len(), edges.len()), (1000, 5000));
        assert_eq!(generate(1000, 5000).1, edges);
        let view = crate::GraphView::from_parts(nodes, edges).unwrap();
        assert_eq!(view.edge_count(), 5000);
        assert_eq!(generate(1, 10).1.len(), 0, "no self-loops to draw");
    }
}
