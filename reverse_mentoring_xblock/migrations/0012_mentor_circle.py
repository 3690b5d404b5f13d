"""The mentor circle: posts and replies of a program's mentors and staff, and the circle's meetings."""
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('reverse_mentoring_xblock', '0011_settings_changes'),
    ]

    operations = [
        migrations.CreateModel(
            name='CirclePost',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('usage_key', models.CharField(max_length=255)),
                ('by_staff', models.BooleanField(default=False)),
                ('body', models.TextField(blank=True)),
                ('created_at', models.DateTimeField()),
                ('pinned', models.BooleanField(default=False)),
                ('hidden_at', models.DateTimeField(blank=True, null=True)),
                ('hidden_reason', models.TextField(blank=True)),
                ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='reverse_mentoring_xblock.participant')),
                ('hidden_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='replies', to='reverse_mentoring_xblock.circlepost')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'indexes': [models.Index(fields=['usage_key', 'parent', 'pinned', 'created_at'], name='rm_circle_listing')],
            },
        ),
        migrations.CreateModel(
            name='CircleMeeting',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('usage_key', models.CharField(max_length=255)),
                ('starts_at', models.DateTimeField()),
                ('minutes', models.PositiveSmallIntegerField()),
                ('link', models.CharField(max_length=500)),
                ('created_at', models.DateTimeField()),
                ('cancelled_at', models.DateTimeField(blank=True, null=True)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'indexes': [models.Index(fields=['usage_key', 'cancelled_at', 'starts_at'], name='rm_circle_upcoming')],
            },
        ),
    ]
