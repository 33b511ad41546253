package dev.kpi.model;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.immutables.value.Value;

/**
 * The one Immutables style of the model. Callers use the static factories and {@code builder()}
 * methods on the interfaces ({@code Mart.builder()}, {@code Expr.column(...)}), never the
 * generated {@code Immutable*} classes, so the generated code can change without touching
 * definitions.
 */
@Target({ElementType.TYPE, ElementType.PACKAGE})
@Retention(RetentionPolicy.CLASS)
@Value.Style(
    typeImmutable = "Immutable*",
    typeImmutableEnclosing = "Immutable*",
    visibility = Value.Style.ImplementationVisibility.PUBLIC,
    allParameters = false,
    defaults = @Value.Immutable(copy = true, prehash = false),
    jdkOnly = true,
    get = {"is*", "get*"},
    // A missing required attribute is reported by catalog validation with the object's name,
    // not by the builder, whenever that is possible; see the @Value.Default attributes.
    strictBuilder = false)
public @interface KpiStyle {}
