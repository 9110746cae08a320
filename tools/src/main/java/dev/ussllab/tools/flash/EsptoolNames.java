package dev.ussllab.tools.flash;

import dev.ussllab.device.flasher.ResetMode;
import dev.ussllab.device.flasher.Verify;
import java.util.Locale;
import java.util.Map;
import java.util.Stack;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.TypeConversionException;

/** Option values as esptool users type them: default_reset and default-reset alike (esptool v4 vs v5 spellings). */
final class EsptoolNames {

    private EsptoolNames() {}

    static String normalise(String v) {
        return v.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static final class Before implements ITypeConverter<ResetMode.Before> {
        @Override
        public ResetMode.Before convert(String v) {
            return switch (normalise(v)) {
                case "default-reset" -> ResetMode.Before.DEFAULT_RESET;
                case "no-reset" -> ResetMode.Before.NO_RESET;
                default -> throw new TypeConversionException("'" + v + "' is not default-reset or no-reset");
            };
        }
    }

    static final class After implements ITypeConverter<ResetMode.After> {
        @Override
        public ResetMode.After convert(String v) {
            return switch (normalise(v)) {
                case "hard-reset" -> ResetMode.After.HARD_RESET;
                case "soft-reset" -> ResetMode.After.SOFT_RESET;
                case "no-reset" -> ResetMode.After.NO_RESET;
                default -> throw new TypeConversionException("'" + v + "' is not hard-reset, soft-reset or no-reset");
            };
        }
    }

    /** esptool's --chip: this flasher speaks to the ESP8266 only, so any other chip is refused before connecting. */
    static final class Chip implements ITypeConverter<String> {
        @Override
        public String convert(String v) {
            String c = normalise(v);
            if (c.equals("auto") || c.equals("esp8266")) {
                return c;
            }
            throw new TypeConversionException("'" + v + "' is not supported: ussl-lab flash speaks to the ESP8266 only (auto or esp8266); use esptool for other chips");
        }
    }

    /**
     * esptool v4's write_flash --verify is a flag with no value (a read-back after writing); ours
     * takes full, sample or none. A bare --verify (followed by an offset, another option or
     * nothing) means full, what an esptool user asks for; --verify full and --verify=none still work.
     */
    static final class BareVerify implements IParameterPreprocessor {
        @Override
        public boolean preprocess(Stack<String> args, CommandSpec spec, ArgSpec option, Map<String, Object> info) {
            boolean attached = !" ".equals(info.get("separator"));
            if (!attached && (args.isEmpty() || !isLevel(args.peek()))) {
                args.push("full");
            }
            return false;
        }

        private static boolean isLevel(String v) {
            return switch (normalise(v)) {
                case "full", "sample", "none" -> true;
                default -> false;
            };
        }
    }

    static final class VerifyLevel implements ITypeConverter<Verify> {
        @Override
        public Verify convert(String v) {
            try {
                return Verify.valueOf(normalise(v).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + v + "' is not full, sample or none");
            }
        }
    }
}
