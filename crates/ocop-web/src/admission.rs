//! Kept from the second asking: a copy is kept for an address only once it
//! was asked before, so a stream of one-off addresses (random queries, made
//! up parameters) costs a render each but never pushes out what is busy.
//! Only hashes of the addresses are remembered, a bounded number of them.

use std::hash::{BuildHasher as _, Hash, RandomState};

pub struct SecondAsk {
    seen: quick_cache::sync::Cache<u64, ()>,
    hasher: RandomState,
}

impl SecondAsk {
    /// Remembers up to `addresses` one-off addresses.
    pub fn new(addresses: usize) -> Self {
        Self {
            seen: quick_cache::sync::Cache::new(addresses),
            hasher: RandomState::new(),
        }
    }

    /// Whether `address` was asked before (it is then forgotten: the copy
    /// kept from now on answers it).
    pub fn admit(&self, address: &impl Hash) -> bool {
        let h = self.hasher.hash_one(address);
        if self.seen.remove(&h).is_some() {
            return true;
        }
        self.seen.insert(h, ());
        false
    }
}

#[cfg(test)]
mod tests {
    use super::SecondAsk;

    #[test]
    fn an_address_is_admitted_on_its_second_asking() {
        let a = SecondAsk::new(100);
        assert!(!a.admit(&"/api/v1/products?q=ca+phe&x=1"));
        assert!(!a.admit(&"/api/v1/products?q=ca+phe&x=2"));
        assert!(a.admit(&"/api/v1/products?q=ca+phe&x=1"));
        assert!(!a.admit(&("/san-pham", "en")));
        assert!(!a.admit(&("/san-pham", "vi")));
        assert!(a.admit(&("/san-pham", "en")));
    }
}
