//! A fixed-capacity FIFO, so that no input can make the OAM state machines grow.

/// A first-in first-out queue of at most `N` items, stored inline.
#[derive(Debug, Clone)]
pub struct FixedQueue<T: Copy, const N: usize> {
    slots: [Option<T>; N],
    head: usize,
    len: usize,
}

impl<T: Copy, const N: usize> Default for FixedQueue<T, N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Copy, const N: usize> FixedQueue<T, N> {
    /// An empty queue.
    pub const fn new() -> Self {
        FixedQueue { slots: [None; N], head: 0, len: 0 }
    }

    /// Append `item`; gives it back if the queue is full.
    pub fn push(&mut self, item: T) -> Result<(), T> {
        if self.len >= N {
            return Err(item);
        }
        let index = (self.head + self.len) % N;
        match self.slots.get_mut(index) {
            Some(slot) => {
                *slot = Some(item);
                self.len += 1;
                Ok(())
            }
            None => Err(item),
        }
    }

    /// Remove the oldest item.
    pub fn pop(&mut self) -> Option<T> {
        if self.len == 0 {
            return None;
        }
        let item = self.slots.get_mut(self.head).and_then(Option::take);
        self.head = (self.head + 1) % N;
        self.len -= 1;
        item
    }

    /// Number of queued items.
    pub const fn len(&self) -> usize {
        self.len
    }

    /// Whether nothing is queued.
    pub const fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Drop every queued item.
    pub fn clear(&mut self) {
        self.slots = [None; N];
        self.head = 0;
        self.len = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fifo_order_and_bound() {
        let mut q: FixedQueue<u8, 3> = FixedQueue::new();
        assert!(q.is_empty());
        q.push(1).unwrap();
        q.push(2).unwrap();
        q.push(3).unwrap();
        assert_eq!(q.push(4), Err(4));
        assert_eq!(q.pop(), Some(1));
        q.push(5).unwrap();
        assert_eq!(q.len(), 3);
        assert_eq!(q.pop(), Some(2));
        assert_eq!(q.pop(), Some(3));
        assert_eq!(q.pop(), Some(5));
        assert_eq!(q.pop(), None);
        q.push(6).unwrap();
        q.clear();
        assert_eq!(q.pop(), None);
    }
}
