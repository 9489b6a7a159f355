package dev.distributor.console;

import jakarta.enterprise.event.Observes;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;

/**
 * Serves the web console's page for its client-side addresses ({@code /packages/...}, {@code /fleet}, ...), so a
 * reload or a shared link opens the right screen. Quinoa's own SPA fallback only runs for requests nothing else
 * answered, and Quarkus REST answers every unknown path with its 404 first; hence this explicit list, which must name
 * every top-level section of {@code frontend/src/app/routes.tsx}.
 */
public class ConsoleRoutes {

    /** The console's top-level sections; anything under them is the console's to route. */
    static final String SECTIONS = "^/(packages|fleet|deploy|rollouts|audit)(/.*)?$";

    void register(@Observes Router router) {
        router.routeWithRegex(HttpMethod.GET, SECTIONS).order(-100).handler(rc -> rc.reroute("/"));
    }
}
