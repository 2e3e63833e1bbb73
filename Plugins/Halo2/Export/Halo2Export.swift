import SproutHalo2Engine
import SproutPluginKit

/// The plugin library's registration (its own module, so tests can link the engine without it).
@_cdecl("sprout_kit_register")
public func sproutKitRegister() {
    SproutPluginKit.register(Halo2Engine.self)
}
