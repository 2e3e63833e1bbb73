/// Registration of the Swift engine a plugin library serves.
public enum SproutPluginKit {
    /// Registers the engine type of this plugin library. Call it, and nothing else, from the
    /// module's `@_cdecl("sprout_kit_register")` function; repeated calls are harmless.
    public static func register<Engine: SproutEngine>(_ engine: Engine.Type) {
        PluginBridge.shared.register(engine)
    }
}
