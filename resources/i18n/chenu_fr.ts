<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>chenu</name>
        <message>
            <location filename="../../chenu_desktop/ui/context.py" />
            <source>Local profile (offline)</source>
            <translation>Profil local (hors ligne)</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/context.py" />
            <source>no profile is open: sign in or work offline first</source>
            <translation>aucun profil n'est ouvert : connectez-vous ou travaillez hors ligne d'abord</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/context.py" />
            <source>Something went wrong ({error}); nothing was lost. Details are in the log.</source>
            <translation>Un problème est survenu ({error}) ; rien n'a été perdu. Les détails sont dans le journal.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/crash.py" />
            <source>Something went wrong</source>
            <translation>Un problème est survenu</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/crash.py" />
            <source>The action under way may not have finished, but nothing saved was lost. You can keep working. The report below is also in the log in your data folder.</source>
            <translation>L'action en cours n'a peut-être pas abouti, mais rien de ce qui était enregistré n'a été perdu. Vous pouvez continuer à travailler. Le rapport ci-dessous figure aussi dans le journal de votre dossier de données.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/crash.py" />
            <source>CHE·NU cannot open your data</source>
            <translation>CHE·NU ne peut pas ouvrir vos données</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <source>just now</source>
            <translation>à l'instant</translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <source>%n min ago</source>
            <translation>
                <numerusform>il y a %n min</numerusform>
                <numerusform>il y a %n min</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <source>%n h ago</source>
            <translation>
                <numerusform>il y a %n h</numerusform>
                <numerusform>il y a %n h</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <source>%n day(s) ago</source>
            <translation>
                <numerusform>il y a %n jour</numerusform>
                <numerusform>il y a %n jours</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <source>active</source>
            <translation>actif</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <source>paused</source>
            <translation>en pause</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <source>completed</source>
            <translation>terminé</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <source>archived</source>
            <translation>archivé</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <source>dismissed</source>
            <translation>renvoyé</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <source>pending</source>
            <translation>en attente</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <source>approved</source>
            <translation>approuvé</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <source>rejected</source>
            <translation>rejeté</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <source>deferred</source>
            <translation>reporté</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <source>expired</source>
            <translation>expiré</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <source>low</source>
            <translation>faible</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <source>medium</source>
            <translation>moyenne</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <source>high</source>
            <translation>élevée</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <source>critical</source>
            <translation>critique</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <location filename="../../chenu_desktop/ui/teams.py" />
            <source>owner</source>
            <translation>propriétaire</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <location filename="../../chenu_desktop/ui/teams.py" />
            <source>member</source>
            <translation>membre</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <location filename="../../chenu_desktop/ui/teams.py" />
            <source>viewer</source>
            <translation>lecteur</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <source>fact</source>
            <translation>fait</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <source>preference</source>
            <translation>préférence</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <source>context</source>
            <translation>contexte</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <source>reference</source>
            <translation>référence</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <source>note</source>
            <translation>note</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <source>hot</source>
            <translation>chaude</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <source>warm</source>
            <translation>tiède</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <source>cold</source>
            <translation>froide</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <source>user</source>
            <translation>utilisateur</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <source>nova</source>
            <translation>nova</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <source>agent</source>
            <translation>agent</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <source>imported</source>
            <translation>importé</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <source>storage</source>
            <translation>stockage</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <source>seed</source>
            <translation>graine</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <source>sprouting</source>
            <translation>germe</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <source>growing</source>
            <translation>croissance</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <source>mature</source>
            <translation>mûr</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <source>ripe</source>
            <translation>récolte</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <source>green</source>
            <translation>vert</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <source>yellow</source>
            <translation>jaune</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <source>red</source>
            <translation>rouge</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <source>blink</source>
            <translation>clignotant</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <source>archive</source>
            <translation>archive</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <source>restored</source>
            <translation>restauré</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <source>person</source>
            <translation>personne</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <location filename="../../chenu_desktop/ui/models/agent_catalogue_model.py" />
            <source>system</source>
            <translation>système</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <source>sphere director</source>
            <translation>directeur de sphère</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <source>specialist</source>
            <translation>spécialiste</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <source>task worker</source>
            <translation>exécutant</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/main_window.py" />
            <location filename="../../chenu_desktop/ui/pages/dashboard.py" />
            <location filename="../../chenu_desktop/ui/widgets/palette.py" />
            <source>Dashboard</source>
            <translation>Tableau de bord</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/main_window.py" />
            <location filename="../../chenu_desktop/ui/pages/dashboard.py" />
            <location filename="../../chenu_desktop/ui/pages/sphere.py" />
            <location filename="../../chenu_desktop/ui/pages/threads.py" />
            <source>Threads</source>
            <translation>Fils</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/main_window.py" />
            <location filename="../../chenu_desktop/ui/pages/governance.py" />
            <source>Governance</source>
            <translation>Gouvernance</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/main_window.py" />
            <location filename="../../chenu_desktop/ui/pages/dashboard.py" />
            <location filename="../../chenu_desktop/ui/pages/decisions.py" />
            <source>Decisions</source>
            <translation>Décisions</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/main_window.py" />
            <location filename="../../chenu_desktop/ui/pages/agents.py" />
            <location filename="../../chenu_desktop/ui/pages/dashboard.py" />
            <source>Agents</source>
            <translation>Agents</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/main_window.py" />
            <location filename="../../chenu_desktop/ui/pages/tokens.py" />
            <location filename="../../chenu_desktop/ui/widgets/charts.py" />
            <location filename="../../chenu_desktop/ui/widgets/token_chart.py" />
            <source>Tokens</source>
            <translation>Jetons</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/main_window.py" />
            <location filename="../../chenu_desktop/ui/pages/dashboard.py" />
            <location filename="../../chenu_desktop/ui/pages/memory.py" />
            <source>Memory</source>
            <translation>Mémoire</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/main_window.py" />
            <location filename="../../chenu_desktop/ui/pages/conflicts.py" />
            <source>Conflicts</source>
            <translation>Conflits</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/main_window.py" />
            <location filename="../../chenu_desktop/ui/pages/team.py" />
            <source>Team</source>
            <translation>Équipe</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/main_window.py" />
            <location filename="../../chenu_desktop/ui/widgets/settings_plugins.py" />
            <source>Plugins</source>
            <translation>Extensions</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/main_window.py" />
            <location filename="../../chenu_desktop/ui/pages/settings.py" />
            <source>Settings</source>
            <translation>Paramètres</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/main_window.py" />
            <source>its panel “{title}”</source>
            <translation>son panneau « {title} »</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/main_window.py" />
            <location filename="../../chenu_desktop/ui/widgets/status.py" />
            <source>offline-ready</source>
            <translation>prêt hors ligne</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/main_window.py" />
            <location filename="../../chenu_desktop/ui/pages/sphere.py" />
            <source>{name} (unavailable)</source>
            <translation>{name} (indisponible)</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/models/agent_catalogue_model.py" />
            <location filename="../../chenu_desktop/ui/models/hired_agents_model.py" />
            <location filename="../../chenu_desktop/ui/models/palette_model.py" />
            <source>Agent</source>
            <translation>Agent</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/models/agent_catalogue_model.py" />
            <source>Level</source>
            <translation>Niveau</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/models/agent_catalogue_model.py" />
            <location filename="../../chenu_desktop/ui/models/hired_agents_model.py" />
            <location filename="../../chenu_desktop/ui/models/palette_model.py" />
            <location filename="../../chenu_desktop/ui/models/thread_list_model.py" />
            <location filename="../../chenu_desktop/ui/pages/governance.py" />
            <location filename="../../chenu_desktop/ui/pages/sphere.py" />
            <location filename="../../chenu_desktop/ui/widgets/decision_sheet.py" />
            <location filename="../../chenu_desktop/ui/widgets/new_thread_dialog.py" />
            <location filename="../../chenu_desktop/ui/widgets/palette.py" />
            <source>Sphere</source>
            <translation>Sphère</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/models/agent_catalogue_model.py" />
            <source>Cost / task</source>
            <translation>Coût / tâche</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/models/agent_catalogue_model.py" />
            <location filename="../../chenu_desktop/ui/models/hired_agents_model.py" />
            <source>On your team</source>
            <translation>Dans votre équipe</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/models/agent_catalogue_model.py" />
            <location filename="../../chenu_desktop/ui/pages/agents.py" />
            <source>Every sphere</source>
            <translation>Toutes les sphères</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/models/agent_catalogue_model.py" />
            <location filename="../../chenu_desktop/ui/pages/agents.py" />
            <source>free</source>
            <translation>gratuit</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/models/audit_model.py" />
            <location filename="../../chenu_desktop/ui/models/checkpoint_history_model.py" />
            <source>When</source>
            <translation>Quand</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/models/audit_model.py" />
            <source>Who</source>
            <translation>Qui</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/models/audit_model.py" />
            <source>What</source>
            <translation>Quoi</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/models/audit_model.py" />
            <source>On</source>
            <translation>Sur</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/models/audit_model.py" />
            <source>Device</source>
            <translation>Appareil</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/models/audit_model.py" />
            <location filename="../../chenu_desktop/ui/pages/thread.py" />
            <source>you</source>
            <translation>vous</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/models/audit_model.py" />
            <source>recorded before devices were noted</source>
            <translation>enregistré avant que les appareils soient notés</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/models/audit_model.py" />
            <source>this device</source>
            <translation>cet appareil</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/models/audit_model.py" />
            <source>device {id}</source>
            <translation>appareil {id}</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/models/checkpoint_history_model.py" />
            <source>What it does</source>
            <translation>Ce que cela fait</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/models/checkpoint_history_model.py" />
            <location filename="../../chenu_desktop/ui/pages/governance.py" />
            <source>Asked by</source>
            <translation>Demandé par</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/models/checkpoint_history_model.py" />
            <source>Risk</source>
            <translation>Risque</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/models/checkpoint_history_model.py" />
            <location filename="../../chenu_desktop/ui/models/hired_agents_model.py" />
            <location filename="../../chenu_desktop/ui/models/thread_list_model.py" />
            <location filename="../../chenu_desktop/ui/pages/governance.py" />
            <source>Status</source>
            <translation>Statut</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/models/checkpoint_history_model.py" />
            <source>Decided by</source>
            <translation>Décidé par</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/models/checkpoint_history_model.py" />
            <source>Why it waited: {reason}</source>
            <translation>Pourquoi cela attendait : {reason}</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/models/checkpoint_history_model.py" />
            <source>Note: {note}</source>
            <translation>Note : {note}</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/models/hired_agents_model.py" />
            <source>Used of budget</source>
            <translation>Utilisé du budget</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/models/hired_agents_model.py" />
            <source>Remaining</source>
            <translation>Restant</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/models/hired_agents_model.py" />
            <source>Unavailable: {reason}. It does not run and is not charged.</source>
            <translation>Indisponible : {reason}. Il ne travaille pas et rien ne lui est facturé.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/models/hired_agents_model.py" />
            <source>Hiring waits at a checkpoint: approve it in Governance</source>
            <translation>L'embauche attend à un point de contrôle : approuvez-la dans Gouvernance</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/models/hired_agents_model.py" />
            <source>Unavailable</source>
            <translation>Indisponible</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/models/hired_agents_model.py" />
            <source>Waiting for approval</source>
            <translation>En attente d'approbation</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/models/memory_model.py" />
            <source>Remembered</source>
            <translation>Mémorisé</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/models/memory_model.py" />
            <source>Type</source>
            <translation>Type</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/models/memory_model.py" />
            <source>Layer</source>
            <translation>Couche</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/models/memory_model.py" />
            <source>Last used</source>
            <translation>Dernier usage</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/models/palette_model.py" />
            <location filename="../../chenu_desktop/domain/event_text.py" />
            <source>Action</source>
            <translation>Action</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/models/palette_model.py" />
            <source>Page</source>
            <translation>Page</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/models/palette_model.py" />
            <location filename="../../chenu_desktop/ui/models/thread_list_model.py" />
            <location filename="../../chenu_desktop/ui/pages/thread.py" />
            <source>Thread</source>
            <translation>Fil</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/models/palette_model.py" />
            <source>Decision</source>
            <translation>Décision</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/models/team_members_model.py" />
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/models/team_members_model.py" />
            <location filename="../../chenu_desktop/ui/pages/login.py" />
            <source>Email</source>
            <translation>Courriel</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/models/team_members_model.py" />
            <source>Role</source>
            <translation>Rôle</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/models/team_members_model.py" />
            <source>Joined</source>
            <translation>Arrivée</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/models/thread_list_model.py" />
            <location filename="../../chenu_desktop/ui/pages/thread.py" />
            <location filename="../../chenu_desktop/ui/pages/threads.py" />
            <source>Maturity</source>
            <translation>Maturité</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/models/thread_list_model.py" />
            <source>Last activity</source>
            <translation>Dernière activité</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/agents.py" />
            <source>Your team</source>
            <translation>Votre équipe</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/agents.py" />
            <source>Run…</source>
            <translation>Lancer…</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/agents.py" />
            <source>Ask the selected agent for a proposal</source>
            <translation>Demander une proposition à l'agent choisi</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/agents.py" />
            <source>Dismiss…</source>
            <translation>Renvoyer…</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/agents.py" />
            <source>Agents only propose: each task waits at a checkpoint until you approve it.</source>
            <translation>Les agents ne font que proposer : chaque tâche attend à un point de contrôle jusqu'à ce que vous l'approuviez.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/agents.py" />
            <source>No agents on your team yet: pick one in the catalogue below and choose Hire.</source>
            <translation>Aucun agent dans votre équipe pour l'instant : choisissez-en un dans le catalogue ci-dessous, puis Embaucher.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/agents.py" />
            <source>Catalogue</source>
            <translation>Catalogue</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/agents.py" />
            <location filename="../../chenu_desktop/ui/pages/threads.py" />
            <source>All spheres</source>
            <translation>Toutes les sphères</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/agents.py" />
            <source>All levels</source>
            <translation>Tous les niveaux</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/agents.py" />
            <source>Hire…</source>
            <translation>Embaucher…</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/agents.py" />
            <source>No agents in the catalogue</source>
            <translation>Aucun agent dans le catalogue</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/agents.py" />
            <source>Agents come from plugins: turn the built-in spheres plugin back on, or add a plugin that brings agents.</source>
            <translation>Les agents viennent des extensions : réactivez l'extension des sphères intégrée, ou ajoutez une extension qui apporte des agents.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/agents.py" />
            <source>No agent matches these filters</source>
            <translation>Aucun agent ne correspond à ces filtres</translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/pages/agents.py" />
            <source>%Ln tokens a task</source>
            <translation>
                <numerusform>%Ln jeton par tâche</numerusform>
                <numerusform>%Ln jetons par tâche</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/agents.py" />
            <source>A system agent: it serves every workspace and is never hired.</source>
            <translation>Un agent système : il sert chaque espace de travail et n'est jamais embauché.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/agents.py" />
            <source>On your team for {spheres}.</source>
            <translation>Dans votre équipe pour {spheres}.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/agents.py" />
            <source>Not on your team yet.</source>
            <translation>Pas encore dans votre équipe.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/agents.py" />
            <source>Hiring {agent} waits at a checkpoint: it joins your team once you approve it.</source>
            <translation>L'embauche de {agent} attend à un point de contrôle : il rejoint votre équipe dès que vous l'approuvez.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/agents.py" />
            <source>Hiring {agent} waits for your approval.</source>
            <translation>L'embauche de {agent} attend votre approbation.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/agents.py" />
            <source>Review</source>
            <translation>Examiner</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/agents.py" />
            <source>{agent} is unavailable: {reason}. It runs again once its plugin is back.</source>
            <translation>{agent} est indisponible : {reason}. Il retravaille dès que son extension est de retour.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/agents.py" />
            <source>{agent}'s proposal waits at a checkpoint (risk {risk}): nothing changes until you approve it.</source>
            <translation>La proposition de {agent} attend à un point de contrôle (risque {risk}) : rien ne change tant que vous ne l'approuvez pas.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/agents.py" />
            <source>{agent}'s proposal waits at a checkpoint: nothing changes until you approve it.</source>
            <translation>La proposition de {agent} attend à un point de contrôle : rien ne change tant que vous ne l'approuvez pas.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/agents.py" />
            <source>{agent}'s proposal waits for your approval.</source>
            <translation>La proposition de {agent} attend votre approbation.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/agents.py" />
            <source>Dismissed {agent} from {sphere}.</source>
            <translation>{agent} a été renvoyé de {sphere}.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/agents.py" />
            <location filename="../../chenu_desktop/ui/pages/memory.py" />
            <source>Review in Governance</source>
            <translation>Examiner dans Gouvernance</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/conflicts.py" />
            <source>Values a concurrent edit overwrote. Restore one to bring it back on every device, or dismiss it to keep the value now.</source>
            <translation>Les valeurs qu'une modification simultanée a écrasées. Restaurez-en une pour la rétablir sur chaque appareil, ou écartez-la pour garder la valeur actuelle.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/conflicts.py" />
            <source>No conflicts</source>
            <translation>Aucun conflit</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/conflicts.py" />
            <source>Nothing was overwritten by a concurrent edit. When two devices change the same field, the value that lost shows here.</source>
            <translation>Rien n'a été écrasé par une modification simultanée. Quand deux appareils changent le même champ, la valeur perdante s'affiche ici.</translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/pages/conflicts.py" />
            <source>Show %n more</source>
            <translation>
                <numerusform>Afficher %n de plus</numerusform>
                <numerusform>Afficher %n de plus</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/pages/conflicts.py" />
            <source>%n not shown yet</source>
            <translation>
                <numerusform>%n pas encore affiché</numerusform>
                <numerusform>%n pas encore affichés</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/conflicts.py" />
            <source>Restored: the field shows “{value}” again, on every device once synced.</source>
            <translation>Restauré : le champ affiche de nouveau « {value} », sur chaque appareil une fois synchronisé.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/conflicts.py" />
            <source>Dismissed: the value now stays.</source>
            <translation>Écarté : la valeur actuelle reste.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/conflicts.py" />
            <location filename="../../chenu_desktop/ui/pages/decisions.py" />
            <location filename="../../chenu_desktop/ui/pages/governance.py" />
            <source>Something went wrong; nothing was changed.</source>
            <translation>Un problème est survenu ; rien n'a été modifié.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/dashboard.py" />
            <location filename="../../chenu_desktop/ui/widgets/sidebar.py" />
            <source>Tokens today</source>
            <translation>Jetons aujourd'hui</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/dashboard.py" />
            <source>Checkpoints</source>
            <translation>Points de contrôle</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/dashboard.py" />
            <source>Spheres</source>
            <translation>Sphères</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/dashboard.py" />
            <source>Decisions by aging</source>
            <translation>Décisions par ancienneté</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/dashboard.py" />
            <source>Tokens this week</source>
            <translation>Jetons cette semaine</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/dashboard.py" />
            <source>waiting
of {total} recorded</source>
            <translation>en attente
sur {total} enregistrées</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/dashboard.py" />
            <source>active
of {total} in all</source>
            <translation>actifs
sur {total} au total</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/dashboard.py" />
            <source>hired
{available} more to hire</source>
            <translation>embauchés
{available} de plus à embaucher</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/dashboard.py" />
            <source>of {budget} today
{used} of {month_budget} this month</source>
            <translation>sur {budget} aujourd'hui
{used} sur {month_budget} ce mois-ci</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/dashboard.py" />
            <source>waiting for you
{approved} approved so far</source>
            <translation>vous attendent
{approved} approuvés jusqu'ici</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/dashboard.py" />
            <source>{pending} pending, {approved} approved, {rejected} rejected</source>
            <translation>{pending} en attente, {approved} approuvés, {rejected} rejetés</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/dashboard.py" />
            <source>{items}
{size} KB</source>
            <translation>{items}
{size} Ko</translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/pages/dashboard.py" />
            <source>%n item(s)</source>
            <translation>
                <numerusform>%n élément</numerusform>
                <numerusform>%n éléments</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/dashboard.py" />
            <source>{decisions} waiting · {late} overdue (red or blinking)</source>
            <translation>{decisions} en attente · {late} en retard (rouges ou clignotantes)</translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/pages/dashboard.py" />
            <location filename="../../chenu_desktop/ui/widgets/sphere_card.py" />
            <source>%n decision(s)</source>
            <translation>
                <numerusform>%n décision</numerusform>
                <numerusform>%n décisions</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/dashboard.py" />
            <source>{week} tokens in the last 7 days · daily budget {budget}</source>
            <translation>{week} jetons ces 7 derniers jours · budget quotidien {budget}</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/decisions.py" />
            <location filename="../../chenu_desktop/ui/widgets/decision_sheet.py" />
            <source>New decision</source>
            <translation>Nouvelle décision</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/decisions.py" />
            <source>No decision is waiting for you</source>
            <translation>Aucune décision ne vous attend</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/decisions.py" />
            <source>A decision waits here, aging from GREEN to BLINK, until you take it by choosing one of its options.</source>
            <translation>Une décision attend ici, vieillissant de VERT à CLIGNOTANT, jusqu'à ce que vous la preniez en choisissant l'une de ses options.</translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/pages/decisions.py" />
            <source>%n decision(s) wait(s) for you, {urgent} of them for too long. The oldest come first.</source>
            <translation>
                <numerusform>%n décision vous attend, dont {urgent} depuis trop longtemps. Les plus anciennes d’abord.</numerusform>
                <numerusform>%n décisions vous attendent, dont {urgent} depuis trop longtemps. Les plus anciennes d’abord.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/pages/decisions.py" />
            <source>%n decision(s) wait(s) for you. The oldest come first.</source>
            <translation>
                <numerusform>%n décision vous attend. Les plus anciennes d’abord.</numerusform>
                <numerusform>%n décisions vous attendent. Les plus anciennes d’abord.</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/decisions.py" />
            <source>Decided “{title}”: {option}.</source>
            <translation>Décision prise pour « {title} » : {option}.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/decisions.py" />
            <source>Deferred “{title}”: it waits again from GREEN.</source>
            <translation>« {title} » reportée : elle attend de nouveau depuis VERT.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/decisions.py" />
            <source>Closed “{title}” without taking an option.</source>
            <translation>« {title} » close sans retenir d’option.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/governance.py" />
            <source>Waiting</source>
            <translation>En attente</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/governance.py" />
            <source>History</source>
            <translation>Historique</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/governance.py" />
            <source>Audit log</source>
            <translation>Journal d'audit</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/governance.py" />
            <location filename="../../chenu_desktop/ui/widgets/decision_group.py" />
            <source>Show more</source>
            <translation>Afficher plus</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/governance.py" />
            <location filename="../../chenu_desktop/ui/pages/threads.py" />
            <source>Any status</source>
            <translation>Tout statut</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/governance.py" />
            <source>Any sphere</source>
            <translation>Toute sphère</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/governance.py" />
            <source>Anyone</source>
            <translation>N'importe qui</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/governance.py" />
            <source>Search who, what, on what, or details…</source>
            <translation>Chercher qui, quoi, sur quoi, ou les détails…</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/governance.py" />
            <source>Waiting  {count}</source>
            <translation>En attente  {count}</translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/pages/governance.py" />
            <source>%n action(s) wait(s) for your approval. Nothing of them happens until you approve; approving applies each exactly once.</source>
            <translation>
                <numerusform>%n action attend votre approbation. Rien ne se passe tant que vous n'approuvez pas ; approuver l'applique exactement une fois.</numerusform>
                <numerusform>%n actions attendent votre approbation. Rien ne se passe tant que vous n'approuvez pas ; approuver applique chacune exactement une fois.</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/governance.py" />
            <source>Nothing is waiting for you. When an agent proposes something, or you ask to hire one, it waits here.</source>
            <translation>Rien ne vous attend. Quand un agent propose quelque chose, ou que vous demandez à en embaucher un, cela attend ici.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/governance.py" />
            <source>You</source>
            <translation>Vous</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/governance.py" />
            <source>Rejected: nothing of it happened.</source>
            <translation>Rejeté : rien n'en a été fait.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/governance.py" />
            <source>Approved and applied.</source>
            <translation>Approuvé et appliqué.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/governance.py" />
            <source>someone</source>
            <translation>quelqu'un</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/governance.py" />
            <source>Already approved by {by}; nothing ran a second time.</source>
            <translation>Déjà approuvé par {by} ; rien n'a été exécuté une seconde fois.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/login.py" />
            <source>Sign in</source>
            <translation>Se connecter</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/login.py" />
            <source>Governance before execution. Sign in to sync your work, or keep it on this device.</source>
            <translation>La gouvernance avant l'exécution. Connectez-vous pour synchroniser votre travail, ou gardez-le sur cet appareil.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/login.py" />
            <source>Server</source>
            <translation>Serveur</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/login.py" />
            <source>Password</source>
            <translation>Mot de passe</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/login.py" />
            <source>Create account</source>
            <translation>Créer un compte</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/login.py" />
            <source>Work offline</source>
            <translation>Travailler hors ligne</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/login.py" />
            <source>Keep everything on this device; sign in later to sync it</source>
            <translation>Tout garder sur cet appareil ; se connecter plus tard pour le synchroniser</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/login.py" />
            <source>Signing in…</source>
            <translation>Connexion…</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/login.py" />
            <source>Creating your account…</source>
            <translation>Création de votre compte…</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/login.py" />
            <source>Opening…</source>
            <translation>Ouverture…</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/login.py" />
            <source>Wrong email or password.</source>
            <translation>Courriel ou mot de passe incorrect.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/login.py" />
            <source>The server refused.</source>
            <translation>Le serveur a refusé.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/login.py" />
            <source>{error}. Check the address, or work offline and sign in later.</source>
            <translation>{error}. Vérifiez l'adresse, ou travaillez hors ligne et connectez-vous plus tard.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/login.py" />
            <source>Enter the server's address, starting with https:// (or http:// on this machine).</source>
            <translation>Saisissez l'adresse du serveur, commençant par https:// (ou http:// sur cette machine).</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/login.py" />
            <source>Enter the email address of your account.</source>
            <translation>Saisissez l'adresse de courriel de votre compte.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/login.py" />
            <source>Enter your password.</source>
            <translation>Saisissez votre mot de passe.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/memory.py" />
            <source>Something to remember, e.g. “The boiler's service code is 4471”</source>
            <translation>Une chose à retenir, p. ex. « Le code d'entretien de la chaudière est 4471 »</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/memory.py" />
            <source>Remember</source>
            <translation>Retenir</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/memory.py" />
            <source>Yours, stored at once. What Nova or an agent wants remembered waits for your approval.</source>
            <translation>Les vôtres, enregistrées aussitôt. Ce que Nova ou un agent veut retenir attend votre approbation.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/memory.py" />
            <source>Search memory: every word must match</source>
            <translation>Chercher dans la mémoire : chaque mot doit correspondre</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/memory.py" />
            <source>Forget</source>
            <translation>Oublier</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/memory.py" />
            <source>Forget the selected item (Delete)</source>
            <translation>Oublier l'élément choisi (Suppr)</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/memory.py" />
            <source>Nothing in memory yet</source>
            <translation>Rien en mémoire pour le moment</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/memory.py" />
            <source>Write down what CHE·NU should remember for you: facts, preferences, references.</source>
            <translation>Notez ce que CHE·NU doit retenir pour vous : faits, préférences, références.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/memory.py" />
            <source>Remember something</source>
            <translation>Retenir quelque chose</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/memory.py" />
            <source>Nothing in memory matches every word of “{query}”.</source>
            <translation>Rien en mémoire ne correspond à tous les mots de « {query} ».</translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/pages/memory.py" />
            <source>%n item(s) proposed by Nova or an agent wait(s) for your approval.</source>
            <translation>
                <numerusform>%n élément proposé par Nova ou un agent attend votre approbation.</numerusform>
                <numerusform>%n éléments proposés par Nova ou des agents attendent votre approbation.</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/memory.py" />
            <source>Write what to remember first.</source>
            <translation>Écrivez d'abord ce qu'il faut retenir.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/memory.py" />
            <source>Remembered: {text}</source>
            <translation>Retenu : {text}</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/memory.py" />
            <source>Forgot: {text}</source>
            <translation>Oublié : {text}</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/memory.py" />
            <location filename="../../chenu_desktop/ui/pages/thread.py" />
            <source>Undo</source>
            <translation>Annuler</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/not_found.py" />
            <source>Not found</source>
            <translation>Introuvable</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/not_found.py" />
            <source>The page may belong to a plugin that is not installed, or the link is mistyped.</source>
            <translation>La page appartient peut-être à une extension non installée, ou le lien est mal saisi.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/not_found.py" />
            <location filename="../../chenu_desktop/ui/pages/sphere.py" />
            <source>Go to the dashboard</source>
            <translation>Aller au tableau de bord</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/not_found.py" />
            <source>Nothing lives at {path}</source>
            <translation>Il n'y a rien à {path}</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/plugin_page.py" />
            <source>its page “{title}”</source>
            <translation>sa page « {title} »</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/settings.py" />
            <source>Appearance</source>
            <translation>Apparence</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/settings.py" />
            <source>System</source>
            <translation>Système</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/settings.py" />
            <source>Light</source>
            <translation>Clair</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/settings.py" />
            <source>Dark</source>
            <translation>Sombre</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/settings.py" />
            <source>Language</source>
            <translation>Langue</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/settings.py" />
            <source>Theme</source>
            <translation>Thème</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/settings.py" />
            <source>“System” follows your computer's setting, and changes with it.</source>
            <translation>« Système » suit le réglage de votre ordinateur, et change avec lui.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/settings.py" />
            <source>Sync</source>
            <translation>Synchronisation</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/settings.py" />
            <source>Sync automatically</source>
            <translation>Synchroniser automatiquement</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/settings.py" />
            <source>Every</source>
            <translation>Toutes les</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/settings.py" />
            <source>seconds</source>
            <translation>secondes</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/settings.py" />
            <source>Apply</source>
            <translation>Appliquer</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/settings.py" />
            <source>Data folder</source>
            <translation>Dossier de données</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/settings.py" />
            <source>Your store, your preferences and the log live here.</source>
            <translation>Vos données, vos préférences et le journal se trouvent ici.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/settings.py" />
            <source>Open in file manager</source>
            <translation>Ouvrir dans le gestionnaire de fichiers</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/settings.py" />
            <source>Enter a whole number of seconds from {low} to {high}.</source>
            <translation>Saisissez un nombre entier de secondes, de {low} à {high}.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/settings.py" />
            <location filename="../../chenu_desktop/ui/widgets/settings_plugins.py" />
            <source>Could not save the choice: {reason}</source>
            <translation>Le choix n'a pas pu être enregistré : {reason}</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/settings.py" />
            <source>This profile is local: these choices apply once you sign in to a server.</source>
            <translation>Ce profil est local : ces choix s'appliquent une fois connecté à un serveur.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/settings.py" />
            <source>Syncs at start, after your edits, when you come back to the window, and on this interval.</source>
            <translation>Synchronise au démarrage, après vos modifications, quand vous revenez à la fenêtre, et à cet intervalle.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/settings.py" />
            <source>Automatic sync is off: nothing is sent or received until you press F5 (Sync now).</source>
            <translation>La synchronisation automatique est désactivée : rien n'est envoyé ni reçu tant que vous n'appuyez pas sur F5 (Synchroniser maintenant).</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/sphere.py" />
            <location filename="../../chenu_desktop/ui/widgets/decision_sheet.py" />
            <location filename="../../chenu_desktop/ui/widgets/new_thread_dialog.py" />
            <source>Title</source>
            <translation>Titre</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/sphere.py" />
            <location filename="../../chenu_desktop/ui/pages/thread.py" />
            <location filename="../../chenu_desktop/ui/widgets/new_thread_dialog.py" />
            <source>Founding intent</source>
            <translation>Intention fondatrice</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/sphere.py" />
            <source>See all threads</source>
            <translation>Voir tous les fils</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/sphere.py" />
            <source>No threads here yet. Start one above: a title and what it should achieve.</source>
            <translation>Aucun fil ici pour l'instant. Commencez-en un ci-dessus : un titre et ce qu'il doit accomplir.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/sphere.py" />
            <location filename="../../chenu_desktop/ui/pages/threads.py" />
            <location filename="../../chenu_desktop/ui/widgets/new_thread_dialog.py" />
            <location filename="../../chenu_desktop/ui/widgets/palette.py" />
            <source>Start a thread</source>
            <translation>Commencer un fil</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/sphere.py" />
            <source>Title, e.g. “Move house”</source>
            <translation>Titre, p. ex. « Déménager »</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/sphere.py" />
            <source>Founding intent: what should this thread achieve?</source>
            <translation>Intention fondatrice : que doit accomplir ce fil ?</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/sphere.py" />
            <source>You view this workspace only: ask an owner to make you a member to start threads.</source>
            <translation>Vous ne faites que consulter cet espace de travail : demandez à un propriétaire de vous rendre membre pour commencer des fils.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/sphere.py" />
            <location filename="../../chenu_desktop/ui/widgets/new_thread_dialog.py" />
            <source>Start thread</source>
            <translation>Commencer le fil</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/sphere.py" />
            <source>Decisions waiting</source>
            <translation>Décisions en attente</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/sphere.py" />
            <source>Agents on the team</source>
            <translation>Agents de l'équipe</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/sphere.py" />
            <source>No such sphere</source>
            <translation>Sphère inconnue</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/sphere.py" />
            <source>There is no sphere “{id}”</source>
            <translation>Il n'y a pas de sphère « {id} »</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/sphere.py" />
            <source>Its plugin may not be installed, or the link is mistyped.</source>
            <translation>Son extension n'est peut-être pas installée, ou le lien est mal saisi.</translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/pages/sphere.py" />
            <source>%n thread(s)</source>
            <translation>
                <numerusform>%n fil</numerusform>
                <numerusform>%n fils</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/pages/sphere.py" />
            <source>%n decision(s) waiting</source>
            <translation>
                <numerusform>%n décision en attente</numerusform>
                <numerusform>%n décisions en attente</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/pages/sphere.py" />
            <source>%n agent(s) on the team</source>
            <translation>
                <numerusform>%n agent dans l'équipe</numerusform>
                <numerusform>%n agents dans l'équipe</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/sphere.py" />
            <source>Unavailable: {reason}. Its threads, decisions and agents stay here; bring the plugin back to start new work in it.</source>
            <translation>Indisponible : {reason}. Ses fils, décisions et agents restent ici ; réinstallez l'extension pour y commencer du nouveau.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/sphere.py" />
            <source>Threads · {total}</source>
            <translation>Fils · {total}</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/sphere.py" />
            <source>Threads · {shown} most recent of {total}</source>
            <translation>Fils · les {shown} plus récents sur {total}</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/sphere.py" />
            <source>Nothing waiting for a decision here.</source>
            <translation>Aucune décision en attente ici.</translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/pages/sphere.py" />
            <source>%n more on the Decisions page</source>
            <translation>
                <numerusform>%n de plus sur la page Décisions</numerusform>
                <numerusform>%n de plus sur la page Décisions</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/sphere.py" />
            <source>No agent hired for this sphere yet.</source>
            <translation>Aucun agent embauché pour cette sphère pour l'instant.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/sphere.py" />
            <source>The thread could not be started; nothing was saved. Details are in the log.</source>
            <translation>Le fil n'a pas pu être commencé ; rien n'a été enregistré. Les détails sont dans le journal.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/team.py" />
            <source>Enter the email address of the person to invite.</source>
            <translation>Saisissez l'adresse de courriel de la personne à inviter.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/team.py" />
            <source>“{email}” is not an email address: it looks like name@example.com.</source>
            <translation>« {email} » n'est pas une adresse de courriel : elle ressemble à nom@exemple.com.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/team.py" />
            <source>Invite someone</source>
            <translation>Inviter quelqu'un</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/team.py" />
            <source>name@example.com</source>
            <translation>nom@exemple.com</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/team.py" />
            <source>Invite</source>
            <translation>Inviter</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/team.py" />
            <source>They join when they accept the invitation, in their workspace switcher.</source>
            <translation>La personne rejoint l'espace quand elle accepte l'invitation, dans son sélecteur d'espaces de travail.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/team.py" />
            <source>Change role</source>
            <translation>Changer le rôle</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/team.py" />
            <source>Remove…</source>
            <translation>Retirer…</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/team.py" />
            <source>Selected member:</source>
            <translation>Membre choisi :</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/team.py" />
            <source>Teams live on a sync server</source>
            <translation>Les équipes vivent sur un serveur de synchronisation</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/team.py" />
            <source>Sign in to share a workspace with others; this local profile is yours alone.</source>
            <translation>Connectez-vous pour partager un espace de travail ; ce profil local n'appartient qu'à vous.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/team.py" />
            <location filename="../../chenu_desktop/ui/widgets/settings_account.py" />
            <source>Sign in…</source>
            <translation>Se connecter…</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/team.py" />
            <source>{workspace} is your personal workspace: it is never shared. Team workspaces you join are in the switcher above the sidebar.</source>
            <translation>{workspace} est votre espace de travail personnel : il n'est jamais partagé. Les espaces d'équipe que vous rejoignez sont dans le sélecteur au-dessus de la barre latérale.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/team.py" />
            <source>You are an owner of {workspace}: invite people, change their role, or remove them.</source>
            <translation>Vous êtes propriétaire de {workspace} : invitez des personnes, changez leur rôle ou retirez-les.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/team.py" />
            <source>You are a {role} of {workspace}. Only its owners invite and manage members.</source>
            <translation>Vous êtes {role} de {workspace}. Seuls ses propriétaires invitent et gèrent les membres.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/team.py" />
            <source>The members could not be listed. {reason}</source>
            <translation>Les membres n'ont pas pu être listés. {reason}</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/team.py" />
            <source>{email} is invited as {role}: they join when they accept.</source>
            <translation>{email} est invité comme {role} : la personne rejoint l'espace quand elle accepte.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/team.py" />
            <source>{email} is now {role}.</source>
            <translation>{email} est maintenant {role}.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/team.py" />
            <source>{email} was removed from {workspace}.</source>
            <translation>{email} a été retiré de {workspace}.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/team.py" />
            <source>Remove {email} from {workspace}?</source>
            <translation>Retirer {email} de {workspace} ?</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/team.py" />
            <source>They lose access at once: the workspace and its data leave their devices at their next sync. What they wrote stays in the workspace. You can invite them again later.</source>
            <translation>La personne perd l'accès aussitôt : l'espace de travail et ses données quittent ses appareils à sa prochaine synchronisation. Ce qu'elle a écrit reste dans l'espace. Vous pourrez l'inviter de nouveau plus tard.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/team.py" />
            <source>Remove</source>
            <translation>Retirer</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/thread.py" />
            <source>Restore</source>
            <translation>Restaurer</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/thread.py" />
            <source>Edit</source>
            <translation>Modifier</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/thread.py" />
            <source>Edit the title and status</source>
            <translation>Modifier le titre et le statut</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/thread.py" />
            <source>Delete</source>
            <translation>Supprimer</translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/pages/thread.py" />
            <source>Delete (restorable for %n day(s))</source>
            <translation>
                <numerusform>Supprimer (restaurable pendant %n jour)</numerusform>
                <numerusform>Supprimer (restaurable pendant %n jours)</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/thread.py" />
            <source>Current intent</source>
            <translation>Intention actuelle</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/thread.py" />
            <source>Add a note</source>
            <translation>Ajouter une note</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/thread.py" />
            <source>What happened, what you learned, what comes next…</source>
            <translation>Ce qui s’est passé, ce que vous avez appris, la suite…</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/thread.py" />
            <source>Add note</source>
            <translation>Ajouter la note</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/thread.py" />
            <source>Log</source>
            <translation>Journal</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/thread.py" />
            <location filename="../../chenu_desktop/ui/widgets/form_sheet.py" />
            <location filename="../../chenu_desktop/ui/widgets/new_thread_dialog.py" />
            <source>Cancel</source>
            <translation>Annuler</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/thread.py" />
            <source>Save</source>
            <translation>Enregistrer</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/thread.py" />
            <source>It may have been deleted for good, or the link is mistyped.</source>
            <translation>Il a peut-être été supprimé définitivement, ou le lien est mal saisi.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/thread.py" />
            <source>Go to threads</source>
            <translation>Aller aux fils</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/thread.py" />
            <source>No thread with id {id}</source>
            <translation>Aucun fil avec l'identifiant {id}</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/thread.py" />
            <source>Thread not found</source>
            <translation>Fil introuvable</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/thread.py" />
            <source>active {when}</source>
            <translation>actif {when}</translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/pages/thread.py" />
            <source>%n event(s) in the log</source>
            <translation>
                <numerusform>%n événement dans le journal</numerusform>
                <numerusform>%n événements dans le journal</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/pages/thread.py" />
            <source>This thread is deleted. It can be restored for %n day(s) after its deletion.</source>
            <translation>
                <numerusform>Ce fil est supprimé. Il peut être restauré pendant %n jour après sa suppression.</numerusform>
                <numerusform>Ce fil est supprimé. Il peut être restauré pendant %n jours après sa suppression.</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/thread.py" />
            <source>Deleted “{title}”</source>
            <translation>« {title} » supprimé</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/thread.py" />
            <source>Restored “{title}”</source>
            <translation>« {title} » restauré</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/threads.py" />
            <source>+  New thread</source>
            <translation>+  Nouveau fil</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/threads.py" />
            <source>Start a thread (Ctrl+N)</source>
            <translation>Commencer un fil (Ctrl+N)</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/threads.py" />
            <source>Search titles…</source>
            <translation>Chercher dans les titres…</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/threads.py" />
            <source>Recent activity</source>
            <translation>Activité récente</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/threads.py" />
            <source>No thread matches these filters.</source>
            <translation>Aucun fil ne correspond à ces filtres.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/threads.py" />
            <source>More threads could not be read: {error}</source>
            <translation>La suite des fils n'a pas pu être lue : {error}</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/threads.py" />
            <source>No threads yet</source>
            <translation>Aucun fil pour l'instant</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/threads.py" />
            <source>A thread holds one piece of work from its founding intent to its end: notes, decisions, actions.</source>
            <translation>Un fil porte un travail de son intention fondatrice à sa fin : notes, décisions, actions.</translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/pages/threads.py" />
            <source>%Ln thread(s)</source>
            <translation>
                <numerusform>%Ln fil</numerusform>
                <numerusform>%Ln fils</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/tokens.py" />
            <source>of {budget}  ·  {remaining} left</source>
            <translation>sur {budget}  ·  {remaining} restants</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/tokens.py" />
            <source>Tokens are internal credits, not money. An agent's task is charged when you approve its proposal.</source>
            <translation>Les jetons sont des crédits internes, pas de l'argent. La tâche d'un agent est décomptée quand vous approuvez sa proposition.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/tokens.py" />
            <source>Today</source>
            <translation>Aujourd'hui</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/tokens.py" />
            <source>This month</source>
            <translation>Ce mois-ci</translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/pages/tokens.py" />
            <source>Last %n day(s)</source>
            <translation>
                <numerusform>Dernier jour</numerusform>
                <numerusform>%n derniers jours</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/tokens.py" />
            <source>Per hired agent</source>
            <translation>Par agent embauché</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/tokens.py" />
            <source>No agents on your team, so no agent budgets.</source>
            <translation>Aucun agent dans votre équipe, donc aucun budget d'agent.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/tokens.py" />
            <source>Hire one on the Agents page</source>
            <translation>En embaucher un sur la page Agents</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/tokens.py" />
            <source>No tokens spent yet</source>
            <translation>Aucun jeton dépensé pour l'instant</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/tokens.py" />
            <source>Tokens are spent when you approve an agent's proposal. Hire an agent to begin.</source>
            <translation>Les jetons sont dépensés quand vous approuvez la proposition d'un agent. Embauchez un agent pour commencer.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/tokens.py" />
            <source>Go to Agents</source>
            <translation>Aller aux agents</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/pages/tokens.py" />
            <source>{first} – {last}  ·  {total} tokens</source>
            <translation>{first} – {last}  ·  {total} jetons</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/plugin_widgets.py" />
            <source>“{title}” ({plugin}) failed: {error}</source>
            <translation>« {title} » ({plugin}) a échoué : {error}</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/read_only.py" />
            <source>Read-only: you are a viewer in this workspace</source>
            <translation>Lecture seule : vous êtes lecteur dans cet espace de travail</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/store_problems.py" />
            <source>{path} is a file, not a folder.</source>
            <translation>{path} est un fichier, pas un dossier.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/store_problems.py" />
            <source>Choose another data folder with --data-dir, or move that file away.</source>
            <translation>Choisissez un autre dossier de données avec --data-dir, ou déplacez ce fichier.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/store_problems.py" />
            <source>This data was written by a newer version of CHE·NU.</source>
            <translation>Ces données ont été écrites par une version plus récente de CHE·NU.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/store_problems.py" />
            <source>Install the newer version to open it; nothing was changed.</source>
            <translation>Installez cette version plus récente pour les ouvrir ; rien n'a été modifié.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/store_problems.py" />
            <source>The data could not be brought up to date.</source>
            <translation>Les données n'ont pas pu être mises à jour.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/store_problems.py" />
            <source>Your data is untouched and a copy is kept in {path}.</source>
            <translation>Vos données sont intactes et une copie est conservée dans {path}.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/store_problems.py" />
            <source>The data is in use by another program.</source>
            <translation>Les données sont utilisées par un autre programme.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/store_problems.py" />
            <source>Close the other CHE·NU window or command using this data folder, then start again.</source>
            <translation>Fermez l'autre fenêtre ou commande CHE·NU qui utilise ce dossier de données, puis relancez.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/store_problems.py" />
            <source>The data folder is read-only.</source>
            <translation>Le dossier de données est en lecture seule.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/store_problems.py" />
            <source>CHE·NU needs to write to {path}: check its permissions or the disk, or choose another folder with --data-dir.</source>
            <translation>CHE·NU doit pouvoir écrire dans {path} : vérifiez ses droits ou le disque, ou choisissez un autre dossier avec --data-dir.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/store_problems.py" />
            <source>The disk holding your data is full.</source>
            <translation>Le disque qui contient vos données est plein.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/store_problems.py" />
            <source>Free some space on the disk of {path}, then start again; nothing was lost.</source>
            <translation>Libérez de la place sur le disque de {path}, puis relancez ; rien n'a été perdu.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/store_problems.py" />
            <source>{path} is damaged or is not a CHE·NU store.</source>
            <translation>{path} est endommagé ou n'est pas une base CHE·NU.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/store_problems.py" />
            <source>Restore it from the backups folder beside it (a copy is kept before every upgrade; `chenu doctor` lists them, `chenu restore PATH` puts one back), or move it away to start afresh.</source>
            <translation>Restaurez-le depuis le dossier backups à côté (une copie est conservée avant chaque mise à jour ; `chenu doctor` les liste, `chenu restore CHEMIN` en remet une en place), ou déplacez-le pour repartir de zéro.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/store_problems.py" />
            <source>CHE·NU may not open its data.</source>
            <translation>CHE·NU n'a pas le droit d'ouvrir ses données.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/store_problems.py" />
            <source>Check the permissions of {path}, or choose another folder with --data-dir.</source>
            <translation>Vérifiez les droits de {path}, ou choisissez un autre dossier avec --data-dir.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/store_problems.py" />
            <source>CHE·NU cannot reach its data folder.</source>
            <translation>CHE·NU n'atteint pas son dossier de données.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/store_problems.py" />
            <source>Check the disk holding {path}, or choose another folder with --data-dir.</source>
            <translation>Vérifiez le disque qui contient {path}, ou choisissez un autre dossier avec --data-dir.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/teams.py" />
            <source>Local workspace</source>
            <translation>Espace de travail local</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/teams.py" />
            <source>Untitled workspace</source>
            <translation>Espace sans titre</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/teams.py" />
            <source>local</source>
            <translation>local</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/teams.py" />
            <source>The server cannot be reached right now (offline?); nothing was changed. Try again later.</source>
            <translation>Le serveur est injoignable pour le moment (hors ligne ?) ; rien n'a été modifié. Réessayez plus tard.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/teams.py" />
            <source>The server refused: {reason}</source>
            <translation>Le serveur a refusé : {reason}</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/unavailable_text.py" />
            <source>plugin {plugin} is not installed</source>
            <translation>l'extension {plugin} n'est pas installée</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/unavailable_text.py" />
            <source>plugin {plugin} is switched off</source>
            <translation>l'extension {plugin} est désactivée</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/unavailable_text.py" />
            <source>plugin {plugin} failed to load</source>
            <translation>l'extension {plugin} n'a pas pu être chargée</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/unavailable_text.py" />
            <source>plugin {plugin} is disabled</source>
            <translation>l'extension {plugin} a été mise hors service</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/unavailable_text.py" />
            <source>plugin {plugin} no longer provides it</source>
            <translation>l'extension {plugin} ne le fournit plus</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/unavailable_text.py" />
            <source>no installed plugin provides it</source>
            <translation>aucune extension installée ne le fournit</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/agent_sheets.py" />
            <source>a whole number of tokens, from 1 to {max}</source>
            <translation>un nombre entier de jetons, de 1 à {max}</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/agent_sheets.py" />
            <source>must be between 1 and {max} tokens</source>
            <translation>doit être compris entre 1 et {max} jetons</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/agent_sheets.py" />
            <source>Hire {agent}</source>
            <translation>Embaucher {agent}</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/agent_sheets.py" />
            <source>Hiring always waits at a checkpoint: the agent joins your team once you approve it in Governance.</source>
            <translation>L'embauche attend toujours à un point de contrôle : l'agent rejoint votre équipe dès que vous l'approuvez dans Gouvernance.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/agent_sheets.py" />
            <source>Ask to hire</source>
            <translation>Demander l'embauche</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/agent_sheets.py" />
            <source>For the sphere</source>
            <translation>Pour la sphère</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/agent_sheets.py" />
            <source>{budget} (the default)</source>
            <translation>{budget} (par défaut)</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/agent_sheets.py" />
            <source>Budget in tokens (optional)</source>
            <translation>Budget en jetons (facultatif)</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/agent_sheets.py" />
            <source>What it may spend in all, 1 to {max}. Each task costs {cost}, charged only when you approve it.</source>
            <translation>Ce qu'il peut dépenser au total, de 1 à {max}. Chaque tâche coûte {cost}, décomptés seulement quand vous l'approuvez.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/agent_sheets.py" />
            <source>Ask {agent}</source>
            <translation>Demander à {agent}</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/agent_sheets.py" />
            <source>It works out a proposal and changes nothing: the proposal waits at a checkpoint, and its {cost} tokens are charged only if you approve it.</source>
            <translation>Il élabore une proposition et ne change rien : la proposition attend à un point de contrôle, et ses {cost} jetons ne sont décomptés que si vous l'approuvez.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/agent_sheets.py" />
            <source>Ask for a proposal</source>
            <translation>Demander une proposition</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/agent_sheets.py" />
            <source>e.g. extract the action items</source>
            <translation>p. ex. extraire les actions à mener</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/agent_sheets.py" />
            <source>Task</source>
            <translation>Tâche</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/agent_sheets.py" />
            <source>No thread</source>
            <translation>Aucun fil</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/agent_sheets.py" />
            <source>On a thread of {sphere} (optional)</source>
            <translation>Sur un fil de {sphere} (facultatif)</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/agent_sheets.py" />
            <source>say what it should do</source>
            <translation>dites ce qu'il doit faire</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/agent_sheets.py" />
            <source>at most {max} characters ({count} now)</source>
            <translation>{max} caractères au plus ({count} actuellement)</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/agent_sheets.py" />
            <source>pick a thread: this task works on a thread's notes</source>
            <translation>choisissez un fil : cette tâche travaille sur les notes d'un fil</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/agent_sheets.py" />
            <source>Dismiss {agent} from {sphere}?</source>
            <translation>Renvoyer {agent} de {sphere} ?</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/agent_sheets.py" />
            <source>It leaves your team at once and can no longer be asked for proposals. Its token history stays. Hiring it again would wait at a checkpoint for your approval.</source>
            <translation>Il quitte votre équipe aussitôt et ne peut plus recevoir de demandes. Son historique de jetons reste. Le réembaucher attendrait votre approbation à un point de contrôle.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/agent_sheets.py" />
            <location filename="../../chenu_desktop/ui/widgets/conflict_card.py" />
            <location filename="../../chenu_desktop/ui/widgets/toast.py" />
            <source>Dismiss</source>
            <translation>Renvoyer</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/checkpoint_card.py" />
            <source>Note (optional): why you decide so</source>
            <translation>Note (facultative) : pourquoi vous décidez ainsi</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/checkpoint_card.py" />
            <location filename="../../chenu_desktop/ui/widgets/decision_card.py" />
            <source>Reject</source>
            <translation>Rejeter</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/checkpoint_card.py" />
            <source>Reject (R): nothing of it happens</source>
            <translation>Rejeter (R) : rien n'en sera fait</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/checkpoint_card.py" />
            <source>Approve</source>
            <translation>Approuver</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/checkpoint_card.py" />
            <source>Approve (A): it happens now, exactly once</source>
            <translation>Approuver (A) : cela se fait maintenant, exactement une fois</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/checkpoint_card.py" />
            <source>{level} RISK</source>
            <translation>RISQUE {level}</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/checkpoint_card.py" />
            <source>Why it waits: {reason}</source>
            <translation>Pourquoi cela attend : {reason}</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/checkpoint_card.py" />
            <source>Checkpoint: {what}</source>
            <translation>Point de contrôle : {what}</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/checkpoint_card.py" />
            <source>Asked by {who}</source>
            <translation>Demandé par {who}</translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/widgets/checkpoint_card.py" />
            <source>costs %Ln token(s)</source>
            <translation>
                <numerusform>coûte %Ln jeton</numerusform>
                <numerusform>coûte %Ln jetons</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/widgets/checkpoint_card.py" />
            <source>budget %Ln token(s)</source>
            <translation>
                <numerusform>budget de %Ln jeton</numerusform>
                <numerusform>budget de %Ln jetons</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/checkpoint_card.py" />
            <source>no token cost</source>
            <translation>sans coût en jetons</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/checkpoint_card.py" />
            <source>asked {when}</source>
            <translation>demandé {when}</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/checkpoint_card.py" />
            <source>expires {time}</source>
            <translation>expire à {time}</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/checkpoint_card.py" />
            <source>Cannot be approved: {reason}. Reject it, or bring the plugin back to approve it.</source>
            <translation>Impossible d'approuver : {reason}. Rejetez-le, ou réinstallez l'extension pour l'approuver.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/conflict_card.py" />
            <source>Open thread</source>
            <translation>Ouvrir le fil</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/conflict_card.py" />
            <source>Edited again since the conflict</source>
            <translation>Modifié de nouveau depuis le conflit</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/conflict_card.py" />
            <source>Now</source>
            <translation>Actuelle</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/conflict_card.py" />
            <source>Overwritten</source>
            <translation>Écrasée</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/conflict_card.py" />
            <source>Noticed {when}</source>
            <translation>Constaté {when}</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/conflict_card.py" />
            <source>Keep the value now; the conflict closes on every device (D)</source>
            <translation>Garder la valeur actuelle ; le conflit se ferme sur chaque appareil (D)</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/conflict_card.py" />
            <source>Restore this value</source>
            <translation>Restaurer cette valeur</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/conflict_card.py" />
            <source>Write the overwritten value back; it then wins on every device (R)</source>
            <translation>Réécrire la valeur écrasée ; elle l'emporte alors sur chaque appareil (R)</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/conflict_card.py" />
            <source>Conflict: {where}</source>
            <translation>Conflit : {where}</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/conflict_card.py" />
            <source>“{title}”</source>
            <translation>« {title} »</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/conflict_card.py" />
            <source>{record} · {field}</source>
            <translation>{record} · {field}</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/conflict_card.py" />
            <source>(empty)</source>
            <translation>(vide)</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/conflict_card.py" />
            <source>yes</source>
            <translation>oui</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/conflict_card.py" />
            <source>no</source>
            <translation>non</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/conflict_card.py" />
            <source>Written {when} on this device</source>
            <translation>Écrit {when} sur cet appareil</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/conflict_card.py" />
            <source>Written {when} on device {device}</source>
            <translation>Écrit {when} sur l'appareil {device}</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/decision_card.py" />
            <source>Decide</source>
            <translation>Décider</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/decision_card.py" />
            <source>Take the decision with the chosen option (M: choose an option, then Enter)</source>
            <translation>Prendre la décision avec l'option choisie (M : choisir une option, puis Entrée)</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/decision_card.py" />
            <source>Defer</source>
            <translation>Reporter</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/decision_card.py" />
            <source>Not now: aging restarts at GREEN (D)</source>
            <translation>Pas maintenant : l'ancienneté repart à VERT (D)</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/decision_card.py" />
            <source>Close it without taking any option</source>
            <translation>La clore sans retenir d’option</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/decision_card.py" />
            <source>+ Option</source>
            <translation>+ Option</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/decision_card.py" />
            <source>Add an option to choose from</source>
            <translation>Ajouter une option au choix</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/decision_card.py" />
            <source>A new option, e.g. “Rent a van”</source>
            <translation>Une nouvelle option, p. ex. « Louer une camionnette »</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/decision_card.py" />
            <source>Add</source>
            <translation>Ajouter</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/decision_card.py" />
            <source>{priority} priority</source>
            <translation>priorité {priority}</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/decision_card.py" />
            <source>deferred, waiting {time}</source>
            <translation>reportée, en attente depuis {time}</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/decision_card.py" />
            <source>waiting {time}</source>
            <translation>en attente depuis {time}</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/decision_card.py" />
            <source>No options yet: add one</source>
            <translation>Aucune option pour l'instant : ajoutez-en une</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/decision_card.py" />
            <source>Decision: {title}, {level}</source>
            <translation>Décision : {title}, {level}</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/decision_card.py" />
            <source>Add an option first: a decision is taken by choosing one.</source>
            <translation>Ajoutez d'abord une option : une décision se prend en en choisissant une.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/decision_card.py" />
            <source>Write the option first.</source>
            <translation>Écrivez d'abord l'option.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/decision_card.py" />
            <location filename="../../chenu_desktop/ui/widgets/decision_sheet.py" />
            <source>An option has at most {max} characters.</source>
            <translation>Une option compte {max} caractères au plus.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/decision_card.py" />
            <source>“{text}” is already an option.</source>
            <translation>« {text} » est déjà une option.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/decision_card.py" />
            <source>less than an hour</source>
            <translation>moins d'une heure</translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/widgets/decision_card.py" />
            <source>%n h</source>
            <translation>
                <numerusform>%n h</numerusform>
                <numerusform>%n h</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/widgets/decision_card.py" />
            <source>%n day(s)</source>
            <translation>
                <numerusform>%n jour</numerusform>
                <numerusform>%n jours</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/decision_group.py" />
            <source>waiting up to a day</source>
            <translation>en attente jusqu'à un jour</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/decision_group.py" />
            <source>waiting more than a day · a reminder every 6 h</source>
            <translation>en attente depuis plus d’un jour · un rappel toutes les 6 h</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/decision_group.py" />
            <source>waiting more than 3 days · a reminder every 2 h</source>
            <translation>en attente depuis plus de 3 jours · un rappel toutes les 2 h</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/decision_group.py" />
            <source>waiting more than 7 days · archived after 10</source>
            <translation>en attente depuis plus de 7 jours · archivée après 10</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/decision_group.py" />
            <source>Show more ({count} left)</source>
            <translation>Afficher plus ({count} restantes)</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/decision_sheet.py" />
            <source>It waits here, aging from GREEN, until you take it by choosing one of its options.</source>
            <translation>Elle attend ici, vieillissant depuis VERT, jusqu'à ce que vous la preniez en choisissant l'une de ses options.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/decision_sheet.py" />
            <source>Record decision</source>
            <translation>Enregistrer la décision</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/decision_sheet.py" />
            <source>e.g. Which oven for the bakery?</source>
            <translation>p. ex. Quel four pour la boulangerie ?</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/decision_sheet.py" />
            <source>One option per line</source>
            <translation>Une option par ligne</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/decision_sheet.py" />
            <source>Priority</source>
            <translation>Priorité</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/decision_sheet.py" />
            <source>Options</source>
            <translation>Options</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/decision_sheet.py" />
            <source>You can add more later, on the decision itself.</source>
            <translation>Vous pourrez en ajouter plus tard, sur la décision elle-même.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/decision_sheet.py" />
            <source>Give the decision a title.</source>
            <translation>Donnez un titre à la décision.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/decision_sheet.py" />
            <source>At most {max} characters (this one has {count}).</source>
            <translation>{max} caractères au plus (celui-ci en a {count}).</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/decision_sheet.py" />
            <source>“{option}” is listed twice.</source>
            <translation>« {option} » figure deux fois.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/decision_sheet.py" />
            <source>Recorded “{title}”: it waits at GREEN.</source>
            <translation>« {title} » enregistrée : elle attend à VERT.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/error_card.py" />
            <source>The plugin “{plugin}” could not show {what}</source>
            <translation>L'extension « {plugin} » n'a pas pu afficher {what}</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/error_card.py" />
            <source>unknown</source>
            <translation>inconnue</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/error_card.py" />
            <source>Everything else keeps working. Update or switch off the plugin, then restart.</source>
            <translation>Tout le reste continue de fonctionner. Mettez à jour ou désactivez l'extension, puis redémarrez.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/form_sheet.py" />
            <source>Something went wrong; nothing was changed. Details are in the log.</source>
            <translation>Un problème est survenu ; rien n'a été modifié. Les détails sont dans le journal.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/new_thread_dialog.py" />
            <location filename="../../chenu_desktop/ui/widgets/palette.py" />
            <source>New thread</source>
            <translation>Nouveau fil</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/new_thread_dialog.py" />
            <source>One piece of work, from why it starts to how it ends.</source>
            <translation>Un travail, de sa raison d’être à sa conclusion.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/new_thread_dialog.py" />
            <source>e.g. Move house</source>
            <translation>p. ex. Déménager</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/new_thread_dialog.py" />
            <source>Why it starts: what done looks like (e.g. find a flat near work by March)</source>
            <translation>Pourquoi il commence : à quoi ressemble l'objectif atteint (p. ex. trouver un appartement près du travail d'ici mars)</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/new_thread_dialog.py" />
            <source>Started “{title}”</source>
            <translation>« {title} » commencé</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/new_thread_dialog.py" />
            <source>The thread could not be started; nothing was created. Details are in the log.</source>
            <translation>Le fil n'a pas pu être commencé ; rien n'a été créé. Les détails sont dans le journal.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/new_thread_dialog.py" />
            <source>Starting…</source>
            <translation>Démarrage…</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/palette.py" />
            <source>Search threads, decisions, agents, spheres, pages and actions…</source>
            <translation>Chercher fils, décisions, agents, sphères, pages et actions…</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/palette.py" />
            <source>The search failed: {error}</source>
            <translation>La recherche a échoué : {error}</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/palette.py" />
            <source>Searching…</source>
            <translation>Recherche…</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/palette.py" />
            <source>No match</source>
            <translation>Aucun résultat</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/palette.py" />
            <source>↑↓ to move · Enter to open · Esc to close</source>
            <translation>↑↓ pour se déplacer · Entrée pour ouvrir · Échap pour fermer</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/palette.py" />
            <location filename="../../chenu_desktop/ui/widgets/top_bar.py" />
            <source>Sync now</source>
            <translation>Synchroniser maintenant</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/palette.py" />
            <source>Send and receive changes</source>
            <translation>Envoyer et recevoir les modifications</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/palette.py" />
            <location filename="../../chenu_desktop/ui/widgets/settings_account.py" />
            <location filename="../../chenu_desktop/ui/widgets/top_bar.py" />
            <source>Sign out</source>
            <translation>Se déconnecter</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/palette.py" />
            <source>End the session; the data stays on this device</source>
            <translation>Fermer la session ; les données restent sur cet appareil</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/palette.py" />
            <location filename="../../chenu_desktop/ui/widgets/top_bar.py" />
            <source>Leave the local profile</source>
            <translation>Quitter le profil local</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/palette.py" />
            <source>Back to the sign-in page; the data stays</source>
            <translation>Retour à la page de connexion ; les données restent</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/palette.py" />
            <source>Home</source>
            <translation>Accueil</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/palette.py" />
            <source>Go to {page}</source>
            <translation>Aller à {page}</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/settings_about.py" />
            <source>About</source>
            <translation>À propos</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/settings_about.py" />
            <source>Licences</source>
            <translation>Licences</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/settings_about.py" />
            <source>not stated</source>
            <translation>non indiquée</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/settings_account.py" />
            <location filename="../../chenu_desktop/ui/widgets/top_bar.py" />
            <source>Account</source>
            <translation>Compte</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/settings_account.py" />
            <source>Change password…</source>
            <translation>Changer le mot de passe…</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/settings_account.py" />
            <source>Current password</source>
            <translation>Mot de passe actuel</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/settings_account.py" />
            <source>New password</source>
            <translation>Nouveau mot de passe</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/settings_account.py" />
            <source>New password again</source>
            <translation>Nouveau mot de passe (encore)</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/settings_account.py" />
            <source>Change password</source>
            <translation>Changer le mot de passe</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/settings_account.py" />
            <source>Signed in as {email} on {server}.</source>
            <translation>Connecté en tant que {email} sur {server}.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/settings_account.py" />
            <source>This is a local profile: your work stays on this device. Sign in to sync it with a server.</source>
            <translation>Ceci est un profil local : votre travail reste sur cet appareil. Connectez-vous pour le synchroniser avec un serveur.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/settings_account.py" />
            <source>Enter your current password.</source>
            <translation>Saisissez votre mot de passe actuel.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/settings_account.py" />
            <source>The new password needs at least {count} characters.</source>
            <translation>Le nouveau mot de passe doit compter au moins {count} caractères.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/settings_account.py" />
            <source>The two new passwords differ: type the same one twice.</source>
            <translation>Les deux nouveaux mots de passe diffèrent : saisissez deux fois le même.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/settings_account.py" />
            <source>The new password is the same as the current one.</source>
            <translation>Le nouveau mot de passe est identique à l'actuel.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/settings_account.py" />
            <source>Password changed. Your other devices must sign in again with the new one.</source>
            <translation>Mot de passe changé. Vos autres appareils doivent se reconnecter avec le nouveau.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/settings_account.py" />
            <source>The current password is wrong.</source>
            <translation>Le mot de passe actuel est incorrect.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/settings_account.py" />
            <source>Too many wrong passwords: wait a few minutes, then try again.</source>
            <translation>Trop de mots de passe erronés : attendez quelques minutes, puis réessayez.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/settings_account.py" />
            <source>The server refused the new password: it needs at least {count} characters.</source>
            <translation>Le serveur a refusé le nouveau mot de passe : il doit compter au moins {count} caractères.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/settings_account.py" />
            <source>The server cannot be reached: nothing changed. Try again when you are online.</source>
            <translation>Le serveur est injoignable : rien n'a changé. Réessayez une fois en ligne.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/settings_account.py" />
            <source>This device's session has ended: sign out, then sign in again.</source>
            <translation>La session de cet appareil a pris fin : déconnectez-vous, puis reconnectez-vous.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/settings_account.py" />
            <source>The password was not changed: {reason}</source>
            <translation>Le mot de passe n'a pas été changé : {reason}</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/settings_account.py" />
            <source>Changing…</source>
            <translation>Modification…</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/settings_plugins.py" />
            <source>Active</source>
            <translation>Active</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/settings_plugins.py" />
            <source>Failed</source>
            <translation>En échec</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/settings_plugins.py" />
            <source>Disabled</source>
            <translation>Désactivée</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/settings_plugins.py" />
            <source>Switched off</source>
            <translation>Désactivé par vous</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/settings_plugins.py" />
            <source>Switching a plugin off or on takes effect at the next start.</source>
            <translation>Activer ou désactiver une extension prend effet au prochain démarrage.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/settings_plugins.py" />
            <source>Active until the next start</source>
            <translation>Active jusqu'au prochain démarrage</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/settings_plugins.py" />
            <source>Switched on</source>
            <translation>Activée</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/settings_plugins.py" />
            <source>Part of CHE·NU: always on</source>
            <translation>Fait partie de CHE·NU : toujours active</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/settings_plugins.py" />
            <source>Saved: {plugin} is switched on at the next start.</source>
            <translation>Enregistré : {plugin} sera activée au prochain démarrage.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/settings_plugins.py" />
            <source>Saved: {plugin} is switched off at the next start.</source>
            <translation>Enregistré : {plugin} sera désactivée au prochain démarrage.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/settings_plugins.py" />
            <source>Plugin settings</source>
            <translation>Réglages des extensions</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/settings_plugins.py" />
            <source>Save plugin settings</source>
            <translation>Enregistrer les réglages des extensions</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/settings_plugins.py" />
            <source>Could not save the settings: {reason}</source>
            <translation>Les réglages n'ont pas pu être enregistrés : {reason}</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/settings_plugins.py" />
            <source>Saved.</source>
            <translation>Enregistré.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/settings_plugins.py" />
            <source>{setting}: enter a whole number, such as 3.</source>
            <translation>{setting} : saisissez un nombre entier, comme 3.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/settings_plugins.py" />
            <source>{setting}: enter a number, such as 0.5.</source>
            <translation>{setting} : saisissez un nombre, comme 0.5.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/settings_plugins.py" />
            <source>{setting}: at most {count} characters.</source>
            <translation>{setting} : {count} caractères au plus.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/sidebar.py" />
            <source>Tokens today  {used} / {budget}</source>
            <translation>Jetons aujourd'hui  {used} / {budget}</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/sphere_card.py" />
            <source>Open {sphere}</source>
            <translation>Ouvrir {sphere}</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/sphere_card.py" />
            <source>{threads} · {decisions} waiting</source>
            <translation>{threads} · {decisions} en attente</translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/widgets/sphere_card.py" />
            <source>%n active thread(s)</source>
            <translation>
                <numerusform>%n fil actif</numerusform>
                <numerusform>%n fils actifs</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/stat_card.py" />
            <source>Open {page}</source>
            <translation>Ouvrir {page}</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/states.py" />
            <source>This page could not be loaded</source>
            <translation>Cette page n'a pas pu être chargée</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/states.py" />
            <source>Retry</source>
            <translation>Réessayer</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/status.py" />
            <source>● Synced just now</source>
            <translation>● Synchronisé à l'instant</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/status.py" />
            <source>◌ Syncing…</source>
            <translation>◌ Synchronisation…</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/status.py" />
            <source>○ Offline — will retry</source>
            <translation>○ Hors ligne — nouvel essai bientôt</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/status.py" />
            <source>▲ Sync stopped</source>
            <translation>▲ Synchronisation arrêtée</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/status.py" />
            <source>● Local only</source>
            <translation>● Local uniquement</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/status.py" />
            <source>○ Not signed in</source>
            <translation>○ Non connecté</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/status.py" />
            <source>live</source>
            <translation>en direct</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/status.py" />
            <source>Other devices' changes arrive as they are made</source>
            <translation>Les modifications des autres appareils arrivent dès qu’elles sont faites</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/status.py" />
            <source>polling</source>
            <translation>vérification périodique</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/status.py" />
            <source>Checking for other devices' changes every so often until live updates reconnect</source>
            <translation>Vérifie de temps en temps les modifications des autres appareils, le temps que le direct se reconnecte</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/status.py" />
            <source>◌ Syncing… sending {done} of {total} changes</source>
            <translation>◌ Synchronisation… envoi de {done} modifications sur {total}</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/status.py" />
            <source>◌ Syncing… sending {done} changes</source>
            <translation>◌ Synchronisation… envoi de {done} modifications</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/status.py" />
            <source>◌ Syncing… receiving {done} of {total} changes</source>
            <translation>◌ Synchronisation… réception de {done} modifications sur {total}</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/status.py" />
            <source>◌ Syncing… receiving {done} changes</source>
            <translation>◌ Synchronisation… réception de {done} modifications</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/top_bar.py" />
            <source>Back (Alt+Left)</source>
            <translation>Précédent (Alt+Gauche)</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/top_bar.py" />
            <source>Forward (Alt+Right)</source>
            <translation>Suivant (Alt+Droite)</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/top_bar.py" />
            <source>⌕  Search   Ctrl+K</source>
            <translation>⌕  Rechercher   Ctrl+K</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/top_bar.py" />
            <source>Search threads, decisions, agents, spheres, pages and actions</source>
            <translation>Chercher fils, décisions, agents, sphères, pages et actions</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/top_bar.py" />
            <source>Plugin actions</source>
            <translation>Actions des extensions</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/top_bar.py" />
            <source>Account: {name}</source>
            <translation>Compte : {name}</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/workspace_switcher.py" />
            <source>Switch workspace; invitations to team workspaces wait here</source>
            <translation>Changer d'espace de travail ; les invitations aux espaces d'équipe attendent ici</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/workspace_switcher.py" />
            <source>{workspace}  ▾</source>
            <translation>{workspace}  ▾</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/workspace_switcher.py" />
            <source>{workspace} · {role}  ▾</source>
            <translation>{workspace} · {role}  ▾</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/workspace_switcher.py" />
            <source>Workspaces</source>
            <translation>Espaces de travail</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/workspace_switcher.py" />
            <source>Invitations</source>
            <translation>Invitations</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/workspace_switcher.py" />
            <source>{workspace}  ·  {role}</source>
            <translation>{workspace}  ·  {role}</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/workspace_switcher.py" />
            <source>Now in {workspace}: read-only, you are a viewer here.</source>
            <translation>Vous êtes dans {workspace} : lecture seule, vous êtes lecteur ici.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/workspace_switcher.py" />
            <source>Now in {workspace}.</source>
            <translation>Vous êtes dans {workspace}.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/workspace_switcher.py" />
            <source>Sign in to a sync server to join team workspaces.</source>
            <translation>Connectez-vous à un serveur de synchronisation pour rejoindre des espaces d'équipe.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/workspace_switcher.py" />
            <source>{workspace} as {role}</source>
            <translation>{workspace} en tant que {role}</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/workspace_switcher.py" />
            <source>Invited by {email}</source>
            <translation>Invité par {email}</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/workspace_switcher.py" />
            <source>Decline</source>
            <translation>Refuser</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/workspace_switcher.py" />
            <source>Accept</source>
            <translation>Accepter</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/workspace_switcher.py" />
            <source>You joined {workspace}: it appears in this list once it has synced.</source>
            <translation>Vous avez rejoint {workspace} : il apparaît dans cette liste une fois synchronisé.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/workspace_switcher.py" />
            <source>Invitation to {workspace} declined.</source>
            <translation>Invitation à {workspace} refusée.</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/ui/widgets/workspace_switcher.py" />
            <source>Invitations could not be checked. {reason}</source>
            <translation>Les invitations n'ont pas pu être vérifiées. {reason}</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/domain/event_text.py" />
            <source>Started</source>
            <translation>Commencé</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/domain/event_text.py" />
            <source>Edited</source>
            <translation>Modifié</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/domain/event_text.py" />
            <source>Archived</source>
            <translation>Archivé</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/domain/event_text.py" />
            <source>Intent refined</source>
            <translation>Intention précisée</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/domain/event_text.py" />
            <source>Note</source>
            <translation>Note</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/domain/event_text.py" />
            <source>Decision recorded</source>
            <translation>Décision enregistrée</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/domain/event_text.py" />
            <source>Action done</source>
            <translation>Action faite</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/domain/event_text.py" />
            <source>Checkpoint approved</source>
            <translation>Point de contrôle approuvé</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/domain/event_text.py" />
            <source>Checkpoint rejected</source>
            <translation>Point de contrôle rejeté</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/domain/event_text.py" />
            <source>File attached</source>
            <translation>Fichier joint</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/domain/event_text.py" />
            <source>“{title}” (imported)</source>
            <translation>« {title} » (importé)</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/domain/event_text.py" />
            <source>Decision taken</source>
            <translation>Décision prise</translation>
        </message>
        <message>
            <location filename="../../chenu_desktop/domain/event_text.py" />
            <source>none</source>
            <translation>aucun</translation>
        </message>
    </context>
</TS>
