package dev.ussllab.device.flasher;

/** Called as a long step advances; {@code done} and {@code total} are payload bytes. */
@FunctionalInterface
public interface Progress {
    Progress NONE = (step, done, total) -> { };

    /** @param step "Writing" or "Verifying", with the region, e.g. "Writing at 0x00000000" */
    void update(String step, long done, long total);
}
