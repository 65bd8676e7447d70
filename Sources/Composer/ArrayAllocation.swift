/// `Array(repeating:count:)` allocated through the caller's specialised code.
///
/// The standard library's `Array(repeating:count:)` (and `unsafeUninitializedCapacity`)
/// allocates through an entry point that is not specialised for the element type
/// and looks the storage class's metadata up at run time: about 375 instructions per
/// array. Copying a collection into a new array is inlined and specialised, its
/// metadata cached, but it initialises element by element: a gain for the grid
/// planner's few small arrays per line, a loss for a paragraph's tables.
@inline(__always)
func filledArray<T>(repeating value: T, count: Int) -> [T] {
    Array(repeatElement(value, count: count))
}
