package io.kdss.policy;

import java.util.List;

/**
 * One policy statement. {@code notAction}/{@code notResource} invert the lists: the statement
 * applies to every action (resource) except those listed.
 */
public record Statement(String sid, Effect effect, Principals principal, List<String> actions, boolean notAction,
    List<String> resources, boolean notResource, List<Condition> conditions) {

  public Statement {
    actions = List.copyOf(actions);
    resources = List.copyOf(resources);
    conditions = List.copyOf(conditions);
  }

  public boolean applies(PolicyRequest r) {
    return principal.matches(r) && matchesAction(r.action()) && matchesResource(r)
        && conditions.stream().allMatch(c -> c.holds(r));
  }

  private boolean matchesAction(String action) {
    boolean listed = actions.stream().anyMatch(a -> Wildcards.matches(a, action, true));
    return listed != notAction;
  }

  private boolean matchesResource(PolicyRequest r) {
    boolean listed = resources.stream()
        .anyMatch(p -> Wildcards.matches(PolicyVariables.substitute(p, r), r.resource(), false));
    return listed != notResource;
  }
}
