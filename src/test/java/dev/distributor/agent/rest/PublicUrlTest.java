package dev.distributor.agent.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.distributor.fleet.AgentConfig;

/** Which URLs may be written into the served installer (a shell script), and the configured public URL. */
class PublicUrlTest {

    private static AgentConfig withPublicUrl(String url) {
        return (AgentConfig) Proxy.newProxyInstance(AgentConfig.class.getClassLoader(),
                new Class<?>[]{AgentConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("publicUrl")) {
                        return Optional.ofNullable(url);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void plainHttpUrls_withHostPortAndPathPrefix_areSafeForAScript() {
        assertThat(PublicUrl.SAFE.matcher("https://distributor.example.com").matches()).isTrue();
        assertThat(PublicUrl.SAFE.matcher("http://127.0.0.1:8080").matches()).isTrue();
        assertThat(PublicUrl.SAFE.matcher("https://lb.example.com:8443/distributor").matches()).isTrue();
    }

    @Test
    void anythingAShellOrSystemdWouldExpand_isNotSafe() {
        for (String bad : new String[]{"http://x\";rm -rf /;\"", "http://x/$(id)", "http://x/`id`",
                "http://x/%41", "ftp://x", "http://x y", "http://user@x", "http://x/?q=1", "http://x\nEVIL=1"}) {
            assertThat(PublicUrl.SAFE.matcher(bad).matches()).as(bad).isFalse();
        }
    }

    @Test
    void aConfiguredPublicUrl_losesItsTrailingSlash_andAnUnsafeOneStopsTheStart() {
        assertThat(new PublicUrl(withPublicUrl("https://d.example.com/")).forAnswer(null))
                .isEqualTo("https://d.example.com");
        assertThatThrownBy(() -> new PublicUrl(withPublicUrl("https://d.example.com/$HOME")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DISTRIBUTOR_AGENT_PUBLIC_URL");
    }
}
