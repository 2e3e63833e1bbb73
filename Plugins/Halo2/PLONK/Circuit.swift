/// A PLONKish circuit in the style of halo2: `configure` declares columns, gates and lookups
/// once per circuit type; `synthesize` fills fixed cells, selectors, the witness and equality
/// constraints through a ``Layouter``.
///
/// Key generation also calls `synthesize` (on any instance of the circuit) and keeps only the
/// fixed cells, selectors and equality constraints, so those must not depend on the witness.
public protocol Circuit {
    associatedtype Config
    static func configure(_ cs: inout ConstraintSystem) -> Config
    func synthesize(config: Config, layouter: Layouter) throws(Halo2Error)
}
