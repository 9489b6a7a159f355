package dev.distributor.agent.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

import io.vertx.ext.web.RoutingContext;

/**
 * Serves the shell agent, its installer and its systemd unit (deploy/agent, in the jar under {@code agent/}) without
 * authentication, so a host can join with {@code curl -fsSL <server>/agent/install.sh | sh -s -- ...}. The installer
 * is served with this service's public URL filled in, so it fetches the agent from the same place.
 */
@Path("/agent")
@Produces("text/plain; charset=utf-8")
public class AgentDownloadResource {

    /** The one line of install.sh the service fills in; the repository's copy leaves it empty. */
    static final Pattern DEFAULT_SERVER = Pattern.compile("^DEFAULT_SERVER=\"\"$", Pattern.MULTILINE);

    private static final Map<String, String> FILES = new ConcurrentHashMap<>();

    private final PublicUrl publicUrl;

    public AgentDownloadResource(PublicUrl publicUrl) {
        this.publicUrl = publicUrl;
    }

    @GET
    @Path("install.sh")
    public String installer(RoutingContext rc) {
        String script = file("install.sh");
        return publicUrl.forScript(rc)
                .map(url -> DEFAULT_SERVER.matcher(script)
                        .replaceFirst(Matcher.quoteReplacement("DEFAULT_SERVER=\"" + url + "\"")))
                .orElse(script);
    }

    @GET
    @Path("distributor-agent.sh")
    public String agent() {
        return file("distributor-agent.sh");
    }

    @GET
    @Path("distributor-agent.service")
    public String unit() {
        return file("distributor-agent.service");
    }

    /** Reads a file once from the class path (these methods run on a worker thread). */
    private static String file(String name) {
        return FILES.computeIfAbsent(name, n -> {
            try (InputStream in = AgentDownloadResource.class.getResourceAsStream("/agent/" + n)) {
                if (in == null) {
                    throw new IllegalStateException("agent/" + n + " is not in the jar: pom.xml copies deploy/agent");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
