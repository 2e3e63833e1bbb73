/// ``BabyBear`` arithmetic on 16 elements at once, lane by lane, on Montgomery words: the SIMD
/// form of `+`, `−` and `*` that batched Poseidon2 and the NTT butterflies use. Results are
/// bit-identical to the scalar operators.
///
/// The modules that use it (Field, NTT, Hash) are compiled with the same vector flags
/// (`hostVectorFlags` in Package.swift), and every function is `@inline(__always)`, so a vector
/// never crosses a call between code built for different vector units.
public enum BabyBearLanes {
    /// Sixteen Montgomery words.
    public typealias Vector = SIMD16<UInt32>
    /// The same 512 bits seen as eight 64-bit words: even lanes in the low halves, odd lanes in the high halves.
    public typealias Wide = SIMD8<UInt64>

    // Computed from literals rather than stored: a stored `static let` costs a lazy-initialisation
    // check at every use inside unrolled loops.
    @inlinable static var modulus: Vector { @inline(__always) get { Vector(repeating: 0x7800_0001) } }
    @inlinable static var low32: Wide { @inline(__always) get { Wide(repeating: 0xFFFF_FFFF) } }
    @inlinable static var modulusWide: Wide { @inline(__always) get { Wide(repeating: 0x7800_0001) } }
    /// `p⁻¹ mod 2³²`, as in ``BabyBear/montgomeryReduce(_:)``.
    @inlinable static var muWide: Wide { @inline(__always) get { Wide(repeating: 0x8800_0001) } }

    /// A comparison mask as all-ones / all-zeros words.
    @inlinable @inline(__always)
    static func bits(_ mask: SIMDMask<Vector.MaskStorage>) -> Vector { unsafeBitCast(mask, to: Vector.self) }

    /// Sixteen elements loaded from `pointer[0..<16]` (unaligned).
    @inlinable @inline(__always)
    public static func load(_ pointer: UnsafePointer<BabyBear>) -> Vector {
        UnsafeRawPointer(pointer).loadUnaligned(as: Vector.self)
    }

    /// Stores `value` to `pointer[0..<16]` (unaligned).
    @inlinable @inline(__always)
    public static func store(_ value: Vector, to pointer: UnsafeMutablePointer<BabyBear>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: Vector.self)
    }

    /// `a + b mod p` per lane (sum < 2p < 2³²; subtract p when ≥ p).
    @inlinable @inline(__always)
    public static func add(_ a: Vector, _ b: Vector) -> Vector {
        let sum = a &+ b
        return sum &- (modulus & bits(sum .>= modulus))
    }

    /// `a − b mod p` per lane (add p back when the word subtraction wrapped).
    @inlinable @inline(__always)
    public static func subtract(_ a: Vector, _ b: Vector) -> Vector {
        let difference = a &- b
        return difference &+ (modulus & bits(a .< b))
    }

    /// Montgomery product `a·b·2⁻³² mod p` per lane, as ``BabyBear/montgomeryMultiply(_:_:)``.
    ///
    /// 64-bit products come from 32×32→64 multiplies on the even lanes and on the odd lanes
    /// (shifted down); with `t = (x mod 2³²)·μ mod 2³²` the low halves of `x` and `t·p` agree, so
    /// `(x − t·p)/2³² = hi(x) − hi(t·p)`, in `(−p, p)`: adding p when it wrapped (the wrapped
    /// word is ≥ 2³² − p > p) gives the canonical result.
    @inlinable @inline(__always)
    public static func multiply(_ a: Vector, _ b: Vector) -> Vector {
        let a64 = unsafeBitCast(a, to: Wide.self), b64 = unsafeBitCast(b, to: Wide.self)
        let even = (a64 & low32) &* (b64 & low32)  // both factors < 2³²: exact 64-bit products
        let odd = (a64 &>> 32) &* (b64 &>> 32)
        let evenTP = (((even & low32) &* muWide) & low32) &* modulusWide  // t < 2³², t·p < 2⁶³
        let oddTP = (((odd & low32) &* muWide) & low32) &* modulusWide
        let high = unsafeBitCast((even &>> 32) | (odd & ~low32), to: Vector.self)
        let subtrahend = unsafeBitCast((evenTP &>> 32) | (oddTP & ~low32), to: Vector.self)
        let difference = high &- subtrahend  // wraps when hi(x) < hi(t·p), corrected below
        return difference &+ (modulus & bits(difference .>= modulus))
    }

    /// The sum of the 16 lanes (Montgomery words add like the elements they stand for).
    @inlinable @inline(__always)
    public static func sum(_ value: Vector) -> BabyBear {
        var total: UInt64 = 0
        for lane in 0..<16 { total &+= UInt64(value[lane]) }  // 16 words < 2³¹: no wrap
        return BabyBear(montgomery: UInt32(total % BabyBear.modulus64))
    }
}
